import type { Reservation, ReservationStatus } from '../core/reservation/reservation.js';
import type { CalendarDate } from '../core/time/calendar-date.js';

/** A position in a hotel's reservations, which are ordered by (check-in, id): a total order. */
export interface HotelReservationCursor {
  readonly checkIn: CalendarDate;
  readonly id: string;
}

export interface HotelReservationFilter {
  readonly hotelId: string;
  /** Only stays with a night in [from, to): check_in < to and check_out > from. */
  readonly stayOverlaps?: { readonly from: CalendarDate; readonly to: CalendarDate };
  /** Only these statuses; empty: every status. */
  readonly statuses: readonly ReservationStatus[];
}

export interface HotelReservationsPage {
  readonly reservations: readonly Reservation[];
  /** Where the next page starts; absent on the last page. */
  readonly next?: HotelReservationCursor;
}

/** Upcoming stays that keep a hotel or room type from being deleted. */
export interface UpcomingStaysQuery {
  readonly hotelId: string;
  /** Only this room type's; absent: the whole hotel's. */
  readonly roomTypeId?: string;
  /** Stays whose check-out is after this day (the hotel's today). */
  readonly checkOutAfter: CalendarDate;
  /** Holds lapsed at this instant do not count (the sweeper will release them). */
  readonly now: Date;
}

/** Reservations of one hotel, inside a unit of work on the hotel's shard. */
export interface HotelReservations {
  /** One page of the hotel's reservations matching the filter, starting strictly after `after`. */
  list(filter: HotelReservationFilter, limit: number, after?: HotelReservationCursor): Promise<HotelReservationsPage>;
  /** How many CONFIRMED, CHECKED_IN or still-held HELD reservations match. */
  countUpcoming(query: UpcomingStaysQuery): Promise<number>;
}
