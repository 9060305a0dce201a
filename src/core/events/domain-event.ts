import type { Reservation } from '../reservation/reservation.js';

export type ReservationEventType =
  | 'reservation.confirmed'
  | 'reservation.modified'
  | 'reservation.cancelled'
  | 'reservation.checked_in'
  | 'reservation.checked_out'
  | 'reservation.no_show';

/** A hotel or room type was created or changed (deactivation included): what the search index follows. */
export type CatalogEventType = 'hotel.created' | 'hotel.updated' | 'room_type.created' | 'room_type.updated';

export type DomainEventType = ReservationEventType | CatalogEventType;

export const CATALOG_EVENT_TYPES: readonly CatalogEventType[] = ['hotel.created', 'hotel.updated', 'room_type.created', 'room_type.updated'];

/**
 * Something that happened, appended to the outbox in the same transaction as the change and
 * delivered at least once: consumers deduplicate by `id`.
 */
interface EventEnvelope {
  /** Unique id; consumers use it to process each event once. */
  readonly id: string;
  readonly occurredAt: Date;
  /** Routing: every event belongs to one hotel (and so one shard). */
  readonly hotelId: string;
  readonly aggregateId: string;
}

export interface ReservationEvent extends EventEnvelope {
  readonly type: ReservationEventType;
  readonly payload: ReservationSnapshot;
}

/**
 * Names what changed, not how: consumers re-read the hotel of record, so a late or repeated
 * delivery can never bring back an older state.
 */
export interface CatalogEvent extends EventEnvelope {
  readonly type: CatalogEventType;
  readonly payload: CatalogChange;
}

export type DomainEvent = ReservationEvent | CatalogEvent;

export interface CatalogChange {
  readonly hotelId: string;
  /** The room type created or changed; null for a hotel event. */
  readonly roomTypeId: string | null;
}

export const isCatalogEventType = (type: string): type is CatalogEventType => (CATALOG_EVENT_TYPES as readonly string[]).includes(type);
export const isReservationEvent = (event: DomainEvent): event is ReservationEvent => !isCatalogEventType(event.type);

export function catalogEvent(id: string, type: CatalogEventType, change: CatalogChange, at: Date): CatalogEvent {
  return { id, type, occurredAt: at, hotelId: change.hotelId, aggregateId: change.roomTypeId ?? change.hotelId, payload: change };
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
  // Added for the partner booking feed (a full snapshot per revision); optional because events
  // written before them lack them.
  readonly children?: number;
  readonly ratePlanId?: string | null;
  /** ISO instant. */
  readonly createdAt?: string;
  /** Number of the reservation's latest revision. */
  readonly revision?: number;
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
    children: r.children,
    ratePlanId: r.ratePlanId,
    createdAt: r.createdAt.toISOString(),
    revision: r.revision,
  };
}

export function reservationEvent(id: string, type: ReservationEventType, reservation: Reservation, at: Date): ReservationEvent {
  return { id, type, occurredAt: at, hotelId: reservation.hotelId, aggregateId: reservation.id, payload: reservationSnapshot(reservation) };
}
