/** The answer of a webhook receiver. */
export type WebhookResponse = { readonly delivered: true; readonly statusCode: number } | { readonly delivered: false; readonly statusCode: number | null; readonly error: string };

/**
 * POSTs a signed event body to a partner endpoint. Never throws for the receiver's failures
 * (refused, timeout, non-2xx): it reports them, and the caller decides on retries.
 */
export interface WebhookSender {
  send(target: { readonly url: string; readonly secret: string }, delivery: { readonly eventId: string; readonly eventType: string; readonly body: string }): Promise<WebhookResponse>;
}

/**
 * Where webhooks may point (the SSRF rule): resolves the URL's host and returns why it is refused
 * (not http(s), a loopback, link-local or private address unless allowed), or undefined if fine.
 */
export interface WebhookUrlPolicy {
  refusal(url: string): Promise<string | undefined>;
}
