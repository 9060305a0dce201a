/** One email, rendered: what the core decided to send. */
export interface EmailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** Extra headers, e.g. the causing event's id, so a recipient's mail system can spot duplicates too. */
  readonly headers: Readonly<Record<string, string>>;
}

export interface SentEmail {
  /** The Message-ID the transport gave the message. */
  readonly messageId: string;
}

/**
 * Hands an email to a mail transport (SMTP, or the local fallback). Resolves once the transport
 * accepted it; throws when it did not (the caller retries later). Not idempotent by itself: callers
 * deduplicate through the `DeliveryJournal`.
 */
export interface Mailer {
  send(message: EmailMessage): Promise<SentEmail>;
}
