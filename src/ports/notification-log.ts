export interface NotificationEntry {
  /** The event that caused it: the deduplication key. */
  readonly eventId: string;
  readonly hotelId: string;
  readonly reservationId: string;
  readonly kind: 'booking_confirmation' | 'cancellation_confirmation';
  readonly recipient: string;
}

/** Notifications produced for guests. Idempotent: recording the same event twice keeps one entry. */
export interface NotificationLog {
  /** True if this call recorded it; false if it was already recorded. */
  recordOnce(entry: NotificationEntry): Promise<boolean>;
}
