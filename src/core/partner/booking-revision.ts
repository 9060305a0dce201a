import type { ReservationEvent, ReservationEventType, ReservationSnapshot } from '../events/domain-event.js';

export type BookingRevisionKind = 'CREATED' | 'MODIFIED' | 'CANCELLED' | 'NO_SHOW';

/** One change of a reservation as a partner sees it: numbered per hotel, gap-free, in commit order of the feed. */
export interface BookingRevision {
  readonly hotelId: string;
  /** 1, 2, 3... per hotel. */
  readonly sequence: number;
  readonly kind: BookingRevisionKind;
  /** The reservation as it was right after the change (from the event, not re-read later). */
  readonly reservation: ReservationSnapshot;
  readonly occurredAt: Date;
  /** The outbox event it was recorded from: recording the same event twice records one revision. */
  readonly eventId: string;
  readonly acknowledged: boolean;
}

export type NewBookingRevision = Omit<BookingRevision, 'sequence' | 'acknowledged'>;

/** The reservation events partners are told about, and how they name them. */
export const REVISION_KIND_OF: Readonly<Partial<Record<ReservationEventType, BookingRevisionKind>>> = {
  'reservation.confirmed': 'CREATED',
  'reservation.modified': 'MODIFIED',
  'reservation.cancelled': 'CANCELLED',
  'reservation.no_show': 'NO_SHOW',
};

export function revisionOf(event: ReservationEvent): NewBookingRevision | undefined {
  const kind = REVISION_KIND_OF[event.type];
  return kind === undefined ? undefined : { hotelId: event.hotelId, kind, reservation: event.payload, occurredAt: event.occurredAt, eventId: event.id };
}
