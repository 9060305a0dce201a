import { mayAccessReservation, subjectOf, type Principal } from '../access/principal.js';
import { reservationEvent, type ReservationEventType } from '../events/domain-event.js';
import type { Reservation } from '../reservation/reservation.js';
import { invalidArgument, notFound, type IdempotencyKeyReused, type InvalidArgument, type InvalidTransition, type NotFound } from '../shared/errors.js';
import { claimIdempotency } from '../shared/idempotency.js';
import { err, ok, type Result } from '../shared/result.js';
import { DateRange } from '../time/date-range.js';
import { dateInZone } from '../time/time-zone.js';
import type { Clock } from '../../ports/clock.js';
import type { IdGenerator } from '../../ports/id-generator.js';
import type { UnitOfWork } from '../../ports/unit-of-work.js';

export type FrontDeskAction = 'CHECK_IN' | 'CHECK_OUT' | 'NO_SHOW';

const EVENT: Record<FrontDeskAction, ReservationEventType> = {
  CHECK_IN: 'reservation.checked_in',
  CHECK_OUT: 'reservation.checked_out',
  NO_SHOW: 'reservation.no_show',
};

/**
 * The hotel's side of a stay: check-in and no-show from the arrival day (hotel time), check-out
 * after check-in. A no-show gives back the nights that have not passed yet, so they can be resold.
 */
export class FrontDesk {
  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly clock: Clock; readonly ids: IdGenerator }) {}

  /** With an idempotency key, a retry of an action that succeeded returns the reservation as it is. */
  async execute(
    action: FrontDeskAction,
    reservationId: string,
    principal: Principal,
    idempotencyKey = '',
  ): Promise<Result<Reservation, InvalidArgument | NotFound | InvalidTransition | IdempotencyKeyReused>> {
    if (reservationId.length === 0) return err(invalidArgument([{ field: 'reservation_id', description: 'is required' }]));
    const { uow, clock, ids } = this.deps;
    const actor = subjectOf(principal);
    return uow.run(reservationId, async (tx): Promise<Result<Reservation, InvalidArgument | NotFound | InvalidTransition | IdempotencyKeyReused>> => {
      const claim = await claimIdempotency(tx, { scope: actor, key: idempotencyKey, fingerprint: JSON.stringify([action, reservationId]), resourceId: reservationId });
      if (!claim.ok) return claim;
      const reservation = await tx.reservations.get(reservationId);
      if (!reservation || !mayAccessReservation(principal, reservation, 'write')) return err(notFound('reservation', reservationId));
      if (!claim.value.fresh) return ok(reservation);
      const hotel = await tx.hotels.get(reservation.hotelId);
      if (!hotel) throw new Error(`reservation ${reservation.id} belongs to missing hotel ${reservation.hotelId}`);
      const now = clock.now();
      const today = dateInZone(now, hotel.timeZone);
      const next =
        action === 'CHECK_IN' ? reservation.checkIn(now, today, actor) : action === 'CHECK_OUT' ? reservation.checkOut(now, actor) : reservation.markNoShow(now, today, actor);
      if (!next.ok) return next;
      if (action === 'NO_SHOW') {
        const unused = remainingNights(reservation.stay, today);
        if (unused) await tx.inventory.release({ hotelId: reservation.hotelId, roomTypeId: reservation.roomTypeId, stay: unused, rooms: 1 });
      }
      await tx.reservations.update(next.value);
      await tx.outbox.append([reservationEvent(ids.eventId(), EVENT[action], next.value, now)]);
      return ok(next.value);
    });
  }
}

/** The nights of the stay from `today` on (the ones that can still be resold), or undefined. */
function remainingNights(stay: DateRange, today: DateRange['checkIn']): DateRange | undefined {
  return DateRange.of(today.isBefore(stay.checkIn) ? stay.checkIn : today, stay.checkOut);
}
