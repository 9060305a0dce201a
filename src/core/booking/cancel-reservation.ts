import { mayAccessReservation, subjectOf, type Principal, type ReservationNeed } from '../access/principal.js';
import { reservationEvent } from '../events/domain-event.js';
import { Money } from '../money/money.js';
import { cancellationPenalty, describePolicy } from '../rates/cancellation.js';
import type { Reservation } from '../reservation/reservation.js';
import { invalidArgument, notFound, type IdempotencyKeyReused, type InvalidArgument, type InvalidTransition, type NotFound } from '../shared/errors.js';
import { claimIdempotency } from '../shared/idempotency.js';
import { err, ok, type Result } from '../shared/result.js';
import { startOfDay } from '../time/zoned-instant.js';
import type { Clock } from '../../ports/clock.js';
import type { IdGenerator } from '../../ports/id-generator.js';
import type { TransactionScope, UnitOfWork } from '../../ports/unit-of-work.js';

export type CancelReservationError = InvalidArgument | NotFound | InvalidTransition | IdempotencyKeyReused;

export interface CancellationQuote {
  readonly reservation: Reservation;
  /** What cancelling at `at` costs under the terms locked at booking. */
  readonly penalty: Money;
  readonly policyText: string;
  readonly at: Date;
}

/** What cancelling now would cost, without cancelling. */
export class PreviewCancellation {
  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly clock: Clock }) {}

  async execute(reservationId: string, principal: Principal): Promise<Result<CancellationQuote, CancelReservationError>> {
    if (reservationId.length === 0) return err(invalidArgument([{ field: 'reservation_id', description: 'is required' }]));
    return this.deps.uow.run(reservationId, (tx) => quoteCancellation(tx, reservationId, this.deps.clock.now(), principal, 'read'));
  }
}

/**
 * Cancels a confirmed reservation in one transaction: the penalty due now (under the terms locked at
 * booking) recorded, every night released, and `reservation.cancelled` in the outbox. Cancelling a
 * cancelled reservation is an invalid transition.
 */
export class CancelReservation {
  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly clock: Clock; readonly ids: IdGenerator }) {}

  /** With an idempotency key, a retry of a cancellation that succeeded returns it again instead of ALREADY_CANCELLED. */
  async execute(reservationId: string, principal: Principal, idempotencyKey = ''): Promise<Result<CancellationQuote, CancelReservationError>> {
    if (reservationId.length === 0) return err(invalidArgument([{ field: 'reservation_id', description: 'is required' }]));
    const { uow, clock, ids } = this.deps;
    const actor = subjectOf(principal);
    return uow.run(reservationId, async (tx): Promise<Result<CancellationQuote, CancelReservationError>> => {
      const claim = await claimIdempotency(tx, { scope: actor, key: idempotencyKey, fingerprint: JSON.stringify(['cancel', reservationId]), resourceId: reservationId });
      if (!claim.ok) return claim;
      if (!claim.value.fresh) return replayCancellation(tx, reservationId);
      const quote = await quoteCancellation(tx, reservationId, clock.now(), principal, 'write');
      if (!quote.ok) return quote;
      const { reservation, penalty, at } = quote.value;
      const cancelled = reservation.cancel(at, penalty, actor);
      if (!cancelled.ok) return cancelled;
      await tx.inventory.release({ hotelId: reservation.hotelId, roomTypeId: reservation.roomTypeId, stay: reservation.stay, rooms: 1 });
      await tx.reservations.update(cancelled.value);
      await tx.outbox.append([reservationEvent(ids.eventId(), 'reservation.cancelled', cancelled.value, at)]);
      return ok({ ...quote.value, reservation: cancelled.value });
    });
  }
}

async function quoteCancellation(
  tx: TransactionScope,
  reservationId: string,
  now: Date,
  principal: Principal,
  need: ReservationNeed,
): Promise<Result<CancellationQuote, CancelReservationError>> {
  const reservation = await tx.reservations.get(reservationId);
  if (!reservation || !mayAccessReservation(principal, reservation, need)) return err(notFound('reservation', reservationId));
  if (reservation.status !== 'CONFIRMED' && reservation.status !== 'HELD') {
    return err({ code: 'INVALID_TRANSITION', resource: 'reservation', id: reservation.id, from: reservation.status, to: 'CANCELLED' });
  }
  const hotel = await tx.hotels.get(reservation.hotelId);
  if (!hotel) throw new Error(`reservation ${reservation.id} belongs to missing hotel ${reservation.hotelId}`);
  const arrival = startOfDay(reservation.stay.checkIn, hotel.timeZone);
  return ok({
    reservation,
    // Releasing a hold costs nothing: nothing was sold yet.
    penalty: reservation.status === 'HELD' ? Money.zero(reservation.price.currency) : cancellationPenalty(reservation.cancellationPolicy, reservation.price, arrival, now),
    policyText: describePolicy(reservation.cancellationPolicy),
    at: now,
  });
}

async function replayCancellation(tx: TransactionScope, reservationId: string): Promise<Result<CancellationQuote, CancelReservationError>> {
  const reservation = await tx.reservations.get(reservationId);
  if (!reservation?.cancelledAt) throw new Error(`replayed cancellation of ${reservationId} finds it not cancelled`);
  return ok({
    reservation,
    penalty: reservation.cancellationPenalty ?? Money.zero(reservation.price.currency),
    policyText: describePolicy(reservation.cancellationPolicy),
    at: reservation.cancelledAt,
  });
}
