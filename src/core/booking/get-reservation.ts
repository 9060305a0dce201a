import type { Reservation } from '../reservation/reservation.js';
import { invalidArgument, notFound, type InvalidArgument, type NotFound } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import type { UnitOfWork } from '../../ports/unit-of-work.js';
import { mayAccessReservation, type Principal } from '../access/principal.js';

export class GetReservation {
  constructor(private readonly deps: { readonly uow: UnitOfWork }) {}

  /** NOT_FOUND also when the caller may not see it (see mayAccessReservation): ids cannot be probed. */
  async execute(reservationId: string, principal: Principal): Promise<Result<Reservation, InvalidArgument | NotFound>> {
    if (reservationId.length === 0) return err(invalidArgument([{ field: 'reservation_id', description: 'is required' }]));
    return this.deps.uow.run(reservationId, async (tx): Promise<Result<Reservation, InvalidArgument | NotFound>> => {
      const reservation = await tx.reservations.get(reservationId);
      return reservation && mayAccessReservation(principal, reservation, 'read') ? ok(reservation) : err(notFound('reservation', reservationId));
    });
  }
}
