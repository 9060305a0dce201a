/** What a consumer did about one event: the effect record written beside its claim. */
export interface DeliveryRecord {
  readonly consumer: string;
  readonly eventId: string;
  readonly hotelId: string;
  readonly channel: 'email' | 'webhook';
  readonly recipient: string;
  readonly subject: string;
  /** The transport's id of what was sent (an email's Message-ID). */
  readonly externalId: string;
}

/**
 * Which events each consumer has processed, inside a unit of work (on the event's hotel's shard).
 *
 * `claim` inserts the (consumer, event id) pair: true when this transaction now holds it, false
 * when a committed transaction already processed the event. While another open transaction holds
 * the same claim, `claim` waits for it to end, so two deliveries of one event never both proceed.
 * A rolled-back transaction releases its claim: the event can be processed again.
 */
export interface DeliveryJournal {
  claim(consumer: string, eventId: string, hotelId: string): Promise<boolean>;
  record(delivery: DeliveryRecord): Promise<void>;
}
