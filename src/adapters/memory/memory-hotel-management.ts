import type { Reservation } from '../../core/reservation/reservation.js';
import type { HotelListPage, HotelListQuery } from '../../ports/hotel-directory.js';
import type {
  HotelReservationCursor,
  HotelReservationFilter,
  HotelReservations,
  HotelReservationsPage,
  UpcomingStaysQuery,
} from '../../ports/hotel-reservations.js';
import type { MemoryState } from './memory-state.js';

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The directory of hotels over a state snapshot: id order (code units), keyset paging. */
export function listHotelsIn(state: MemoryState, q: HotelListQuery): HotelListPage {
  const matching = [...state.hotels.values()]
    .filter((h) => (q.includeInactive || h.isActive) && (q.afterId === undefined || h.id > q.afterId) && (q.scope.kind === 'all' || q.scope.hotelIds.includes(h.id)))
    .sort((a, b) => cmp(a.id, b.id));
  const hotels = matching.slice(0, q.limit);
  const last = hotels.at(-1);
  return matching.length > q.limit && last ? { hotels, nextAfterId: last.id } : { hotels };
}

const byArrival = (a: Reservation, b: Reservation): number => a.stay.checkIn.epochDay - b.stay.checkIn.epochDay || cmp(a.id, b.id);

const isAfter = (r: Reservation, c: HotelReservationCursor): boolean =>
  r.stay.checkIn.epochDay > c.checkIn.epochDay || (r.stay.checkIn.epochDay === c.checkIn.epochDay && r.id > c.id);

export class MemoryHotelReservations implements HotelReservations {
  constructor(private readonly state: MemoryState) {}

  async list(f: HotelReservationFilter, limit: number, after?: HotelReservationCursor): Promise<HotelReservationsPage> {
    const overlap = f.stayOverlaps;
    const matching = [...this.state.reservations.values()]
      .filter(
        (r) =>
          r.hotelId === f.hotelId &&
          (f.statuses.length === 0 || f.statuses.includes(r.status)) &&
          (!overlap || (r.stay.checkIn.isBefore(overlap.to) && overlap.from.isBefore(r.stay.checkOut))) &&
          (!after || isAfter(r, after)),
      )
      .sort(byArrival);
    const reservations = matching.slice(0, limit);
    const last = reservations.at(-1);
    return matching.length > limit && last ? { reservations, next: { checkIn: last.stay.checkIn, id: last.id } } : { reservations };
  }

  async countUpcoming(q: UpcomingStaysQuery): Promise<number> {
    return [...this.state.reservations.values()].filter(
      (r) =>
        r.hotelId === q.hotelId &&
        (q.roomTypeId === undefined || r.roomTypeId === q.roomTypeId) &&
        q.checkOutAfter.isBefore(r.stay.checkOut) &&
        (r.status === 'CONFIRMED' || r.status === 'CHECKED_IN' || (r.status === 'HELD' && r.holdExpiresAt !== undefined && r.holdExpiresAt > q.now)),
    ).length;
  }
}
