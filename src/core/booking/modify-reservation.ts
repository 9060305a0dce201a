import { mayAccessReservation, subjectOf, type Principal } from '../access/principal.js';
import { reservationEvent } from '../events/domain-event.js';
import { Money } from '../money/money.js';
import type { Reservation } from '../reservation/reservation.js';
import { invalidArgument, notFound, Violations, type IdempotencyKeyReused, type InvalidTransition } from '../shared/errors.js';
import { claimIdempotency } from '../shared/idempotency.js';
import { err, ok, type Result } from '../shared/result.js';
import { dateInZone } from '../time/time-zone.js';
import { checkStayRequest, reserveStay, type ReserveStayError } from './reserve-stay.js';
import type { Clock } from '../../ports/clock.js';
import type { IdGenerator } from '../../ports/id-generator.js';
import type { UnitOfWork } from '../../ports/unit-of-work.js';

/** The stay as it should become; a field left undefined keeps its current value. */
export interface ModifyCommand {
  readonly reservationId: string;
  /** The caller: must be allowed to change the reservation; its subject scopes the idempotency key. */
  readonly principal: Principal;
  /** Empty or absent: not keyed. A retry with the same key and change returns the reservation as it is. */
  readonly idempotencyKey?: string;
  readonly checkIn?: string;
  readonly checkOut?: string;
  readonly roomTypeId?: string;
  /** '' switches to the standard rate. */
  readonly ratePlanId?: string;
  readonly guests?: number;
  readonly children?: number;
}

export interface Modification {
  readonly reservation: Reservation;
  readonly previousTotal: Money;
  /** New total minus previous total (negative: the guest pays less). */
  readonly priceDifference: Money;
  /** True when this answers a retry: the change was made before, and the difference is not repeated (zero). */
  readonly replayed: boolean;
}

/**
 * Changes dates, room type, rate or guests of a confirmed reservation before arrival, atomically:
 * the old nights are released and the new ones reserved (with restrictions and prices judged
 * afresh) in one transaction, or nothing changes at all. Appends `reservation.modified`.
 */
export class ModifyReservation {
  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly clock: Clock; readonly ids: IdGenerator }) {}

  async execute(c: ModifyCommand): Promise<Result<Modification, ReserveStayError | InvalidTransition | IdempotencyKeyReused>> {
    if (c.reservationId.length === 0) return err(invalidArgument([{ field: 'reservation_id', description: 'is required' }]));
    const { uow, clock, ids } = this.deps;
    return uow.run(c.reservationId, async (tx): Promise<Result<Modification, ReserveStayError | InvalidTransition | IdempotencyKeyReused>> => {
      const { principal, idempotencyKey, ...change } = c;
      const actor = subjectOf(principal);
      const claim = await claimIdempotency(tx, { scope: actor, key: idempotencyKey ?? '', fingerprint: JSON.stringify(['modify', change]), resourceId: c.reservationId });
      if (!claim.ok) return claim;
      const current = await tx.reservations.get(c.reservationId);
      if (!current || !mayAccessReservation(principal, current, 'write')) return err(notFound('reservation', c.reservationId));
      if (!claim.value.fresh) {
        return ok({ reservation: current, previousTotal: current.totalPrice, priceDifference: Money.zero(current.price.currency), replayed: true });
      }
      if (current.status !== 'CONFIRMED') {
        return err({ code: 'INVALID_TRANSITION', resource: 'reservation', id: current.id, from: current.status, to: 'MODIFIED', reason: 'only confirmed reservations can be modified' });
      }
      const hotel = await tx.hotels.get(current.hotelId);
      if (!hotel) throw new Error(`reservation ${current.id} belongs to missing hotel ${current.hotelId}`);
      const now = clock.now();
      if (!dateInZone(now, hotel.timeZone).isBefore(current.stay.checkIn)) {
        return err({ code: 'INVALID_TRANSITION', resource: 'reservation', id: current.id, from: current.status, to: 'MODIFIED', reason: 'the stay has started' });
      }
      const wanted = {
        hotelId: current.hotelId,
        roomTypeId: c.roomTypeId ?? current.roomTypeId,
        ratePlanId: c.ratePlanId ?? current.ratePlanId ?? '',
        checkIn: c.checkIn ?? current.stay.checkIn.toString(),
        checkOut: c.checkOut ?? current.stay.checkOut.toString(),
        guests: c.guests ?? current.guests,
        children: c.children ?? current.children,
      };
      const v = new Violations();
      checkStayRequest(wanted, v);
      if (!v.isEmpty) return err(v.toError());

      // Release first so the new stay may reuse the old nights; an error result rolls both back.
      await tx.inventory.release({ hotelId: current.hotelId, roomTypeId: current.roomTypeId, stay: current.stay, rooms: 1 });
      const reserved = await reserveStay(tx, wanted, now);
      if (!reserved.ok) return reserved;
      const { roomType, ratePlan, stay, offer } = reserved.value;
      const modified = current.modify(
        { roomTypeId: roomType.id, stay, guests: wanted.guests, children: wanted.children, ratePlanId: ratePlan?.id ?? null, price: offer.price, cancellationPolicy: offer.policy },
        now,
        actor,
      );
      if (!modified.ok) return modified;
      await tx.reservations.update(modified.value);
      await tx.outbox.append([reservationEvent(ids.eventId(), 'reservation.modified', modified.value, now)]);
      const previousTotal = current.totalPrice;
      return ok({
        reservation: modified.value,
        previousTotal,
        priceDifference: Money.of(modified.value.totalPrice.amountMinor - previousTotal.amountMinor, previousTotal.currency),
        replayed: false,
      });
    });
  }
}
