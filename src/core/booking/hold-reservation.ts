import { checkGuestContact } from '../reservation/guest-contact.js';
import { Reservation } from '../reservation/reservation.js';
import { Violations, type IdempotencyKeyReused } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { checkIdempotencyKey } from './book-room.js';
import { checkStayRequest, reserveStay, type ReserveStayError, type StayRequest } from './reserve-stay.js';
import type { Clock } from '../../ports/clock.js';
import type { IdGenerator } from '../../ports/id-generator.js';
import type { UnitOfWork } from '../../ports/unit-of-work.js';

export interface HoldCommand extends StayRequest {
  readonly idempotencyScope: string;
  readonly idempotencyKey: string;
  readonly guestName: string;
  readonly guestEmail: string;
  /** 0: the default. */
  readonly holdMinutes: number;
}

export const HOLD_MINUTES = { default: 15, max: 60 } as const;

/**
 * Reserves the rooms of a stay for a few minutes at a locked price while the guest completes the
 * booking; CreateReservation with the hold id confirms it; the hold sweeper releases it otherwise.
 */
export class HoldReservation {
  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly clock: Clock; readonly ids: IdGenerator }) {}

  async execute(c: HoldCommand): Promise<Result<{ reservation: Reservation; replayed: boolean }, ReserveStayError | IdempotencyKeyReused>> {
    const v = new Violations();
    checkIdempotencyKey(c.idempotencyKey, v);
    checkStayRequest(c, v);
    v.require(Number.isInteger(c.holdMinutes) && c.holdMinutes >= 0 && c.holdMinutes <= HOLD_MINUTES.max, 'hold_minutes', `must be from 1 to ${HOLD_MINUTES.max} (0 for ${HOLD_MINUTES.default})`);
    const guest = checkGuestContact(c.guestName, c.guestEmail, { name: 'guest_name', email: 'guest_email' }, v);
    if (!v.isEmpty) return err(v.toError());

    const { uow, clock, ids } = this.deps;
    const holdId = ids.reservationId(c.hotelId);
    return uow.run(holdId, async (tx): Promise<Result<{ reservation: Reservation; replayed: boolean }, ReserveStayError | IdempotencyKeyReused>> => {
      const claim = await tx.idempotency.claim({ scope: c.idempotencyScope, key: c.idempotencyKey, fingerprint: JSON.stringify(['hold', c]), resourceId: holdId });
      if (claim.kind === 'conflict') return err({ code: 'IDEMPOTENCY_KEY_REUSED', key: c.idempotencyKey });
      if (claim.kind === 'replay') {
        const first = await tx.reservations.get(claim.resourceId);
        if (!first) throw new Error(`idempotency key ${c.idempotencyKey} points at missing hold ${claim.resourceId}`);
        return ok({ reservation: first, replayed: true });
      }
      const now = clock.now();
      const reserved = await reserveStay(tx, c, now);
      if (!reserved.ok) return reserved;
      const { hotel, roomType, ratePlan, stay, offer } = reserved.value;
      const expiresAt = new Date(now.getTime() + (c.holdMinutes || HOLD_MINUTES.default) * 60_000);
      const hold = Reservation.hold(
        {
          id: holdId,
          hotelId: hotel.id,
          roomTypeId: roomType.id,
          stay,
          guests: c.guests,
          children: c.children,
          guest,
          ratePlanId: ratePlan?.id ?? null,
          price: offer.price,
          cancellationPolicy: offer.policy,
          createdAt: now,
        },
        expiresAt,
        c.idempotencyScope,
      );
      await tx.reservations.add(hold);
      return ok({ reservation: hold, replayed: false });
    });
  }
}
