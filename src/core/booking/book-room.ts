import { reservationEvent } from '../events/domain-event.js';
import { checkGuestContact } from '../reservation/guest-contact.js';
import { Reservation } from '../reservation/reservation.js';
import { notFound, Violations, type IdempotencyKeyReused, type InvalidTransition } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { checkStayRequest, loadStay, reserveLoadedStay, stayLookup, type ReserveStayError, type StayRequest } from './reserve-stay.js';
import type { Clock } from '../../ports/clock.js';
import type { IdGenerator } from '../../ports/id-generator.js';
import type { ClaimOutcome, IdempotencyClaim } from '../../ports/idempotency-store.js';
import type { StayLookup, StaySnapshot } from '../../ports/stay-bookings.js';
import type { TransactionScope, UnitOfWork } from '../../ports/unit-of-work.js';

export interface BookRoomCommand extends StayRequest {
  /** Whose idempotency keys these are: the caller. */
  readonly idempotencyScope: string;
  readonly idempotencyKey: string;
  readonly guestName: string;
  readonly guestEmail: string;
  /** Confirm this hold (at the price it locked) instead of booking afresh; the stay fields must then match it. */
  readonly holdId?: string;
}

export interface BookRoomOutcome {
  readonly reservation: Reservation;
  /** True when the key was used before with the same request: the first reservation is returned. */
  readonly replayed: boolean;
}

export type BookRoomError = ReserveStayError | IdempotencyKeyReused | InvalidTransition;

export const IDEMPOTENCY_KEY_LENGTH = { min: 8, max: 128 } as const;

export function checkIdempotencyKey(key: string, v: Violations): void {
  v.require(
    key.length >= IDEMPOTENCY_KEY_LENGTH.min && key.length <= IDEMPOTENCY_KEY_LENGTH.max,
    'idempotency_key',
    `must be ${IDEMPOTENCY_KEY_LENGTH.min}-${IDEMPOTENCY_KEY_LENGTH.max} characters`,
  );
}

/**
 * Books one room for a stay in one transaction: claims the idempotency key, reserves every night
 * (all or none) or confirms a hold, stores the reservation and appends `reservation.confirmed` to
 * the outbox.
 */
export class BookRoom {
  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly clock: Clock; readonly ids: IdGenerator }) {}

  async execute(command: BookRoomCommand): Promise<Result<BookRoomOutcome, BookRoomError>> {
    const v = new Violations();
    checkIdempotencyKey(command.idempotencyKey, v);
    if (!command.holdId) checkStayRequest(command, v);
    const guest = checkGuestContact(command.guestName, command.guestEmail, { name: 'guest_name', email: 'guest_email' }, v);
    if (!v.isEmpty) return err(v.toError());

    const { uow, clock, ids } = this.deps;
    const reservationId = command.holdId || ids.reservationId(command.hotelId);
    return uow.run(reservationId, async (tx): Promise<Result<BookRoomOutcome, BookRoomError>> => {
      // The key is claimed first so that a retry is answered with the first result even if the
      // request would no longer pass validation (a stay that has since started, a full hotel).
      if (command.holdId) {
        const claim = await claimKey(tx, command, reservationId);
        if (claim) return claim;
        return confirmHold(tx, command.holdId, command.idempotencyScope, clock.now(), ids.eventId());
      }
      // Claim and the rows the stay is judged on in one go (one round trip where the store can).
      const opened = await claimAndLoad(tx, keyClaim(command, reservationId), stayLookup(command));
      const claimed = await answerClaim(tx, command, opened.claim);
      if (claimed) return claimed;
      const now = clock.now();
      const reserved = await reserveLoadedStay(tx, command, now, opened.snapshot ?? (await loadStay(tx, stayLookup(command))));
      if (!reserved.ok) return reserved;
      const { hotel, roomType, ratePlan, stay, offer } = reserved.value;
      const reservation = Reservation.confirm(
        {
          id: reservationId,
          hotelId: hotel.id,
          roomTypeId: roomType.id,
          stay,
          guests: command.guests,
          children: command.children,
          guest,
          ratePlanId: ratePlan?.id ?? null,
          price: offer.price,
          cancellationPolicy: offer.policy,
          createdAt: now,
        },
        command.idempotencyScope,
      );
      const events = [reservationEvent(ids.eventId(), 'reservation.confirmed', reservation, now)];
      if (tx.bookings) {
        await tx.bookings.addReservation(reservation, events);
      } else {
        await tx.reservations.add(reservation);
        await tx.outbox.append(events);
      }
      return ok({ reservation, replayed: false });
    });
  }
}

/** undefined when the key is newly claimed; otherwise the answer to give (the replay, or the conflict). */
async function claimKey(tx: TransactionScope, command: BookRoomCommand, resourceId: string): Promise<Result<BookRoomOutcome, BookRoomError> | undefined> {
  return answerClaim(tx, command, await tx.idempotency.claim(keyClaim(command, resourceId)));
}

const keyClaim = (command: BookRoomCommand, resourceId: string): IdempotencyClaim => ({
  scope: command.idempotencyScope,
  key: command.idempotencyKey,
  fingerprint: fingerprint(command),
  resourceId,
});

/** The store's combined claim and reads, or the same calls one by one. */
async function claimAndLoad(tx: TransactionScope, claim: IdempotencyClaim, lookup: StayLookup): Promise<{ claim: ClaimOutcome; snapshot?: StaySnapshot }> {
  if (tx.bookings) return tx.bookings.claimAndLoad(claim, lookup);
  const outcome = await tx.idempotency.claim(claim);
  return outcome.kind === 'claimed' ? { claim: outcome, snapshot: await loadStay(tx, lookup) } : { claim: outcome };
}

async function answerClaim(tx: TransactionScope, command: BookRoomCommand, claim: ClaimOutcome): Promise<Result<BookRoomOutcome, BookRoomError> | undefined> {
  if (claim.kind === 'claimed') return undefined;
  if (claim.kind === 'conflict') return err({ code: 'IDEMPOTENCY_KEY_REUSED', key: command.idempotencyKey });
  const first = await tx.reservations.get(claim.resourceId);
  if (!first) throw new Error(`idempotency key ${command.idempotencyKey} points at missing reservation ${claim.resourceId}`);
  return ok({ reservation: first, replayed: true });
}

async function confirmHold(
  tx: TransactionScope,
  holdId: string,
  actor: string,
  now: Date,
  eventId: string,
): Promise<Result<BookRoomOutcome, BookRoomError>> {
  const hold = await tx.reservations.get(holdId);
  // Only the caller who placed the hold confirms it (its first revision names them); to anyone
  // else it does not exist, so hold ids cannot be probed or taken over.
  if (!hold || hold.revisions[0]?.actor !== actor) return err(notFound('reservation', holdId));
  const confirmed = hold.confirmHold(now, actor);
  if (!confirmed.ok) return confirmed;
  await tx.reservations.update(confirmed.value);
  await tx.outbox.append([reservationEvent(eventId, 'reservation.confirmed', confirmed.value, now)]);
  return ok({ reservation: confirmed.value, replayed: false });
}

/** Everything that makes two requests "the same booking", in a stable order. */
function fingerprint(c: BookRoomCommand): string {
  return JSON.stringify([c.holdId ?? '', c.hotelId, c.roomTypeId, c.ratePlanId, c.checkIn, c.checkOut, c.guests, c.children, c.guestName.trim(), c.guestEmail.trim()]);
}
