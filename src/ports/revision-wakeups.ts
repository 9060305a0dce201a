/**
 * Wakes streams waiting for a hotel's next booking revision. Best effort: a wake-up may be spurious
 * or late (another process recorded the revision), so waiters always re-read the store; `arm`
 * resolves at the latest after the implementation's fallback interval, or when `signal` aborts.
 */
export interface RevisionWakeups {
  /** A promise for the next `notify(hotelId)`; arm it before reading so no revision slips between. */
  arm(hotelId: string, signal?: AbortSignal): Promise<void>;
  notify(hotelId: string): void;
}
