/** Finds holds whose time is up, across every hotel (and shard). A stale answer is harmless: expiring re-checks. */
export interface HoldSweep {
  /** Ids of HELD reservations with hold_expires_at <= now, oldest first, at most `limit`. */
  lapsedHolds(now: Date, limit: number): Promise<string[]>;
}
