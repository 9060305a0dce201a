import type { BookingRevision, NewBookingRevision } from '../../core/partner/booking-revision.js';
import type { BookingRevisionStore } from '../../ports/booking-revision-store.js';
import type { MemoryState } from './memory-state.js';

/** The booking feed in the in-memory state (units of work there are serial, so the counter is exact). */
export class MemoryBookingRevisionStore implements BookingRevisionStore {
  constructor(private readonly state: MemoryState) {}

  async append(r: NewBookingRevision): Promise<BookingRevision | undefined> {
    const feed = this.state.bookingRevisions.get(r.hotelId) ?? [];
    if ([...this.state.bookingRevisions.values()].some((list) => list.some((x) => x.eventId === r.eventId))) return undefined;
    const revision: BookingRevision = { ...r, sequence: feed.length + 1, acknowledged: false };
    this.state.bookingRevisions.set(r.hotelId, [...feed, revision]);
    return revision;
  }

  async unacknowledged(hotelId: string, afterSequence: number, limit: number): Promise<BookingRevision[]> {
    return (this.state.bookingRevisions.get(hotelId) ?? []).filter((r) => r.sequence > afterSequence && !r.acknowledged).slice(0, limit);
  }

  async after(hotelId: string, afterSequence: number, limit: number): Promise<BookingRevision[]> {
    return (this.state.bookingRevisions.get(hotelId) ?? []).filter((r) => r.sequence > afterSequence).slice(0, limit);
  }

  async acknowledge(hotelId: string, sequences: readonly number[]): Promise<number> {
    const wanted = new Set(sequences);
    let count = 0;
    const feed = (this.state.bookingRevisions.get(hotelId) ?? []).map((r) => {
      if (!wanted.has(r.sequence) || r.acknowledged) return r;
      count++;
      return { ...r, acknowledged: true };
    });
    this.state.bookingRevisions.set(hotelId, feed);
    return count;
  }
}
