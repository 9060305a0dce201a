import type { Reservation } from '../core/reservation/reservation.js';

/** Reservations, inside a unit of work. */
export interface ReservationRepository {
  add(reservation: Reservation): Promise<void>;
  get(reservationId: string): Promise<Reservation | undefined>;
  /** Stores a new state of an existing reservation. */
  update(reservation: Reservation): Promise<void>;
}
