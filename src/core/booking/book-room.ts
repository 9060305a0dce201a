import { reservationEvent } from '../events/domain-event.js';
import { offerStay } from '../rates/stay-offer.js';
import { checkGuestContact } from '../reservation/guest-contact.js';
import { Reservation } from '../reservation/reservation.js';
import {
  invalidArgument,
  notFound,
  Violations,
  type IdempotencyKeyReused,
  type InvalidArgument,
  type NoAvailability,
  type NotFound,
  type StayRestricted,
} from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { DateRange, parseRange, STAY_RULES } from '../time/date-range.js';
import { dateInZone } from '../time/time-zone.js';
import type { Clock } from '../../ports/clock.js';
import type { IdGenerator } from '../../ports/id-generator.js';
import type { UnitOfWork } from '../../ports/unit-of-work.js';

export interface BookRoomCommand {
  /** Whose idempotency keys these are: the caller. */
  readonly idempotencyScope: string;
  readonly idempotencyKey: string;
  readonly hotelId: string;
  readonly roomTypeId: string;
  readonly checkIn: string;
  readonly checkOut: string;
  /** Everyone in the room, adults and children. */
  readonly guests: number;
  /** How many of the guests are children (priced as extra children by rate plans). */
  readonly children: number;
  /** Empty: the standard rate. */
  readonly ratePlanId: string;
  readonly guestName: string;
  readonly guestEmail: string;
}

export interface BookRoomOutcome {
  readonly reservation: Reservation;
  /** True when the key was used before with the same request: the first reservation is returned. */
  readonly replayed: boolean;
}

export type BookRoomError = InvalidArgument | NotFound | NoAvailability | IdempotencyKeyReused | StayRestricted;

export const IDEMPOTENCY_KEY_LENGTH = { min: 8, max: 128 } as const;

/**
 * Books one room for a stay in one transaction: claims the idempotency key, reserves every night
 * (all or none), stores the reservation and appends `reservation.confirmed` to the outbox.
 */
export class BookRoom {
  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly clock: Clock; readonly ids: IdGenerator }) {}

  async execute(command: BookRoomCommand): Promise<Result<BookRoomOutcome, BookRoomError>> {
    const v = new Violations();
    const key = command.idempotencyKey;
    v.require(
      key.length >= IDEMPOTENCY_KEY_LENGTH.min && key.length <= IDEMPOTENCY_KEY_LENGTH.max,
      'idempotency_key',
      `must be ${IDEMPOTENCY_KEY_LENGTH.min}-${IDEMPOTENCY_KEY_LENGTH.max} characters`,
    );
    v.require(command.hotelId.length > 0, 'hotel_id', 'is required');
    v.require(command.roomTypeId.length > 0, 'room_type_id', 'is required');
    v.require(Number.isInteger(command.guests) && command.guests >= 1 && command.guests <= 20, 'guests', 'must be from 1 to 20');
    v.require(
      Number.isInteger(command.children) && command.children >= 0 && command.children < Math.max(1, command.guests),
      'children',
      'must be from 0 to guests - 1 (at least one adult)',
    );
    const guest = checkGuestContact(command.guestName, command.guestEmail, { name: 'guest_name', email: 'guest_email' }, v);
    if (!v.isEmpty) return err(v.toError());

    const { uow, clock, ids } = this.deps;
    const reservationId = ids.reservationId(command.hotelId);
    return uow.run(command.hotelId, async (tx): Promise<Result<BookRoomOutcome, BookRoomError>> => {
      // The key is claimed first so that a retry is answered with the first result even if the
      // request would no longer pass validation (a stay that has since started, a full hotel).
      const claim = await tx.idempotency.claim({
        scope: command.idempotencyScope,
        key,
        fingerprint: fingerprint(command),
        resourceId: reservationId,
      });
      if (claim.kind === 'conflict') return err({ code: 'IDEMPOTENCY_KEY_REUSED', key });
      if (claim.kind === 'replay') {
        const first = await tx.reservations.get(claim.resourceId);
        if (!first) throw new Error(`idempotency key ${key} points at missing reservation ${claim.resourceId}`);
        return ok({ reservation: first, replayed: true });
      }

      const hotel = await tx.hotels.get(command.hotelId);
      if (!hotel) return err(notFound('hotel', command.hotelId));
      const roomType = await tx.hotels.getRoomType(hotel.id, command.roomTypeId);
      if (!roomType) return err(notFound('room_type', command.roomTypeId));

      const now = clock.now();
      const stay = parseRange(command.checkIn, command.checkOut, { start: 'check_in', end: 'check_out' }, {
        today: dateInZone(now, hotel.timeZone),
        maxNights: STAY_RULES.maxNights,
        maxDaysAhead: STAY_RULES.maxDaysAhead,
      });
      if (!stay.ok) return err(invalidArgument(stay.error));
      if (!roomType.sleeps(command.guests)) {
        return err(invalidArgument([{ field: 'guests', description: `must be at most ${roomType.maxGuests} for this room type` }]));
      }

      // Judge the stay on this transaction's view (restrictions, prices), then reserve atomically:
      // the conditional update, not this read, is what guarantees no oversell.
      const withDeparture = DateRange.of(stay.value.checkIn, stay.value.checkOut.addDays(1)) as DateRange;
      let ratePlan;
      if (command.ratePlanId !== '') {
        const plan = await tx.ratePlans.get(hotel.id, command.ratePlanId);
        if (!plan || plan.roomTypeId !== roomType.id) return err(notFound('rate_plan', command.ratePlanId));
        ratePlan = { plan, rates: await tx.ratePlans.prices(hotel.id, plan.id, stay.value) };
      }
      const offer = offerStay({
        hotel,
        roomTypeId: roomType.id,
        stay: stay.value,
        occupancy: { adults: command.guests - command.children, children: command.children },
        nights: await tx.inventory.list(hotel.id, roomType.id, withDeparture),
        ...(ratePlan ? { ratePlan } : {}),
      });
      if (!offer.ok) return offer;

      const reserved = await tx.inventory.reserve(
        { hotelId: hotel.id, roomTypeId: roomType.id, stay: stay.value, rooms: 1 },
        hotel.overbookingPercent,
      );
      if (!reserved.ok) {
        return err({
          code: 'NO_AVAILABILITY',
          hotelId: hotel.id,
          roomTypeId: roomType.id,
          nights: reserved.error.failedNights.map(String),
        });
      }

      const reservation = Reservation.confirm({
        id: reservationId,
        hotelId: hotel.id,
        roomTypeId: roomType.id,
        stay: stay.value,
        guests: command.guests,
        children: command.children,
        guest,
        ratePlanId: ratePlan ? ratePlan.plan.id : null,
        price: offer.value.price,
        cancellationPolicy: offer.value.policy,
        createdAt: now,
      });
      await tx.reservations.add(reservation);
      await tx.outbox.append([reservationEvent(ids.eventId(), 'reservation.confirmed', reservation, now)]);
      return ok({ reservation, replayed: false });
    });
  }
}

/** Everything that makes two requests "the same booking", in a stable order. */
function fingerprint(c: BookRoomCommand): string {
  return JSON.stringify([c.hotelId, c.roomTypeId, c.ratePlanId, c.checkIn, c.checkOut, c.guests, c.children, c.guestName.trim(), c.guestEmail.trim()]);
}
