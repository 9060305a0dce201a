import { reservationEvent } from '../events/domain-event.js';
import type { Reservation } from '../reservation/reservation.js';
import { invalidArgument, notFound, type InvalidArgument, type InvalidTransition, type NotFound } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import type { Clock } from '../../ports/clock.js';
import type { IdGenerator } from '../../ports/id-generator.js';
import type { UnitOfWork } from '../../ports/unit-of-work.js';

export type CancelReservationError = InvalidArgument | NotFound | InvalidTransition;

/**
 * Cancels a confirmed reservation in one transaction: the new state, every night released, and
 * `reservation.cancelled` in the outbox. Cancelling a cancelled reservation is an invalid transition.
 */
export class CancelReservation {
  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly clock: Clock; readonly ids: IdGenerator }) {}

  async execute(reservationId: string): Promise<Result<Reservation, CancelReservationError>> {
    if (reservationId.length === 0) return err(invalidArgument([{ field: 'reservation_id', description: 'is required' }]));
    const { uow, clock, ids } = this.deps;
    return uow.run(reservationId, async (tx): Promise<Result<Reservation, CancelReservationError>> => {
      const reservation = await tx.reservations.get(reservationId);
      if (!reservation) return err(notFound('reservation', reservationId));
      const now = clock.now();
      const cancelled = reservation.cancel(now);
      if (!cancelled.ok) return cancelled;
      await tx.inventory.release({ hotelId: reservation.hotelId, roomTypeId: reservation.roomTypeId, stay: reservation.stay, rooms: 1 });
      await tx.reservations.update(cancelled.value);
      await tx.outbox.append([reservationEvent(ids.eventId(), 'reservation.cancelled', cancelled.value, now)]);
      return ok(cancelled.value);
    });
  }
}
