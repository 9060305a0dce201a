import type { Reservation } from '../reservation/reservation.js';

export type DomainEventType = 'reservation.confirmed' | 'reservation.cancelled';

/**
 * Something that happened, appended to the outbox in the same transaction as the change and
 * delivered at least once: consumers deduplicate by `id`.
 */
export interface DomainEvent {
  /** Unique id; consumers use it to process each event once. */
  readonly id: string;
  readonly type: DomainEventType;
  readonly occurredAt: Date;
  /** Routing: every event belongs to one hotel (and so one shard). */
  readonly hotelId: string;
  readonly aggregateId: string;
  readonly payload: ReservationSnapshot;
}

/** What consumers need to notify about a reservation, as plain JSON. */
export interface ReservationSnapshot {
  readonly reservationId: string;
  readonly hotelId: string;
  readonly roomTypeId: string;
  readonly checkIn: string;
  readonly checkOut: string;
  readonly guests: number;
  readonly guestName: string;
  readonly guestEmail: string;
  readonly status: string;
  readonly totalPriceMinor: number;
  readonly currency: string;
}

export function reservationSnapshot(r: Reservation): ReservationSnapshot {
  return {
    reservationId: r.id,
    hotelId: r.hotelId,
    roomTypeId: r.roomTypeId,
    checkIn: r.stay.checkIn.toString(),
    checkOut: r.stay.checkOut.toString(),
    guests: r.guests,
    guestName: r.guest.name,
    guestEmail: r.guest.email,
    status: r.status,
    totalPriceMinor: r.totalPrice.amountMinor,
    currency: r.totalPrice.currency,
  };
}

export function reservationEvent(id: string, type: DomainEventType, reservation: Reservation, at: Date): DomainEvent {
  return { id, type, occurredAt: at, hotelId: reservation.hotelId, aggregateId: reservation.id, payload: reservationSnapshot(reservation) };
}
