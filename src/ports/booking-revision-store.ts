import type { BookingRevision, NewBookingRevision } from '../core/partner/booking-revision.js';

/**
 * The partner booking feed of each hotel, inside a unit of work on the hotel's shard.
 * Sequences are per hotel, start at 1 and have no gaps: `append` takes the next one under a lock
 * held until the unit of work ends, so concurrent appends for a hotel serialize.
 */
export interface BookingRevisionStore {
  /** Records the revision with the hotel's next sequence, unless one was recorded for its event id: then undefined. */
  append(revision: NewBookingRevision): Promise<BookingRevision | undefined>;
  /** Unacknowledged revisions with a sequence above `afterSequence`, in sequence order, at most `limit`. */
  unacknowledged(hotelId: string, afterSequence: number, limit: number): Promise<BookingRevision[]>;
  /** Every revision (acknowledged or not) with a sequence above `afterSequence`, in order, at most `limit`. */
  after(hotelId: string, afterSequence: number, limit: number): Promise<BookingRevision[]>;
  /** Marks revisions acknowledged; returns how many were not acknowledged before (unknown ones count as none). */
  acknowledge(hotelId: string, sequences: readonly number[]): Promise<number>;
}
