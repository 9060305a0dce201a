import type { Reservation } from '../core/reservation/reservation.js';

/** A position in a guest's reservations, which are ordered by (createdAt, id): a total order. */
export interface ReservationCursor {
  readonly createdAt: Date;
  readonly id: string;
}

export interface GuestReservationsPage {
  readonly reservations: readonly Reservation[];
  /** Where the next page starts; absent on the last page. */
  readonly next?: ReservationCursor;
}

/**
 * The reservations of one guest email across every hotel (and so every database shard), oldest
 * first, read outside any transaction: a snapshot that may lag recent bookings slightly. Paging is
 * stable: a page starts strictly after `after`, so a reservation appears on exactly one page even
 * when others are booked meanwhile (new ones sort last).
 */
export interface GuestReservationReader {
  listByGuestEmail(email: string, limit: number, after?: ReservationCursor): Promise<GuestReservationsPage>;
}
