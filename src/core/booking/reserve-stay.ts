import type { Hotel } from '../hotel/hotel.js';
import type { RoomType } from '../hotel/room-type.js';
import { offerStay, standardRatePrice, type StayOffer } from '../rates/stay-offer.js';
import type { NightRate } from '../rates/pricing.js';
import type { RatePlan } from '../rates/rate-plan.js';
import {
  invalidArgument,
  notFound,
  type InvalidArgument,
  type NoAvailability,
  type NotFound,
  type StayRestricted,
  type Violations,
} from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { CalendarDate } from '../time/calendar-date.js';
import { DateRange, parseRange, STAY_RULES } from '../time/date-range.js';
import { dateInZone } from '../time/time-zone.js';
import type { StayLookup, StaySnapshot } from '../../ports/stay-bookings.js';
import type { TransactionScope } from '../../ports/unit-of-work.js';

/** A room type, rate, dates and guests: what a booking, a hold or a modification asks for. */
export interface StayRequest {
  readonly hotelId: string;
  readonly roomTypeId: string;
  /** Empty: the standard rate. */
  readonly ratePlanId: string;
  readonly checkIn: string;
  readonly checkOut: string;
  /** Everyone in the room, adults and children. */
  readonly guests: number;
  readonly children: number;
}

export interface ReservedStay {
  readonly hotel: Hotel;
  readonly roomType: RoomType;
  readonly ratePlan: RatePlan | undefined;
  readonly stay: DateRange;
  readonly offer: StayOffer;
}

export type ReserveStayError = InvalidArgument | NotFound | NoAvailability | StayRestricted;

/** Field checks that need no database. */
export function checkStayRequest(r: StayRequest, v: Violations): void {
  v.require(r.hotelId.length > 0, 'hotel_id', 'is required');
  v.require(r.roomTypeId.length > 0, 'room_type_id', 'is required');
  v.require(Number.isInteger(r.guests) && r.guests >= 1 && r.guests <= 20, 'guests', 'must be from 1 to 20');
  v.require(Number.isInteger(r.children) && r.children >= 0 && r.children < Math.max(1, r.guests), 'children', 'must be from 0 to guests - 1 (at least one adult)');
}

/** What judging `r` reads: the nights of its dates when they name a bookable-length stay, else none. */
export function stayLookup(r: StayRequest): StayLookup {
  const checkIn = CalendarDate.parse(r.checkIn);
  const checkOut = CalendarDate.parse(r.checkOut);
  const stay = checkIn && checkOut ? DateRange.of(checkIn, checkOut) : undefined;
  return { hotelId: r.hotelId, roomTypeId: r.roomTypeId, ratePlanId: r.ratePlanId, stay: stay && stay.nightCount <= STAY_RULES.maxNights ? stay : undefined };
}

/** The reads of `stayLookup` through the separate repositories (FOR SHARE on hotel and room type). */
export async function loadStay(tx: TransactionScope, lookup: StayLookup): Promise<StaySnapshot> {
  const hotel = await tx.hotels.get(lookup.hotelId);
  const roomType = hotel ? await tx.hotels.getRoomType(hotel.id, lookup.roomTypeId) : undefined;
  const ratePlan = hotel && lookup.ratePlanId !== '' ? await tx.ratePlans.get(hotel.id, lookup.ratePlanId) : undefined;
  const { stay } = lookup;
  if (!hotel || !stay) return { hotel, roomType, ratePlan, rates: [], nights: [] };
  const rates = ratePlan ? await tx.ratePlans.prices(hotel.id, ratePlan.id, stay) : [];
  const withDeparture = DateRange.of(stay.checkIn, stay.checkOut.addDays(1)) as DateRange;
  return { hotel, roomType, ratePlan, rates, nights: await tx.inventory.list(hotel.id, lookup.roomTypeId, withDeparture) };
}

/**
 * Inside a unit of work: finds the hotel, room type and rate, checks the dates against the hotel's
 * booking window, judges the stay (restrictions, prices for the occupancy) and reserves one room on
 * every night atomically. On an error result nothing is reserved.
 */
export async function reserveStay(tx: TransactionScope, r: StayRequest, now: Date): Promise<Result<ReservedStay, ReserveStayError>> {
  return reserveLoadedStay(tx, r, now, await loadStay(tx, stayLookup(r)));
}

/** `reserveStay` on rows already read (by `loadStay` or a store's StayBookings) for `stayLookup(r)`. */
export async function reserveLoadedStay(tx: TransactionScope, r: StayRequest, now: Date, snapshot: StaySnapshot): Promise<Result<ReservedStay, ReserveStayError>> {
  const { hotel, roomType } = snapshot;
  // Deleted hotels and room types are kept for history but no longer sold.
  if (!hotel?.isActive) return err(notFound('hotel', r.hotelId));
  if (!roomType?.active) return err(notFound('room_type', r.roomTypeId));

  const stay = parseRange(r.checkIn, r.checkOut, { start: 'check_in', end: 'check_out' }, { today: dateInZone(now, hotel.timeZone), ...STAY_RULES });
  if (!stay.ok) return err(invalidArgument(stay.error));
  if (!roomType.sleeps(r.guests)) return err(invalidArgument([{ field: 'guests', description: `must be at most ${roomType.maxGuests} for this room type` }]));

  let rate: { plan: RatePlan; rates: readonly NightRate[] } | undefined;
  if (r.ratePlanId !== '') {
    const plan = snapshot.ratePlan;
    if (!plan || plan.roomTypeId !== roomType.id) return err(notFound('rate_plan', r.ratePlanId));
    rate = { plan, rates: snapshot.rates };
  }
  // Judge the stay on this transaction's view (restrictions, prices), then reserve atomically:
  // the conditional update, not this read, is what guarantees no oversell.
  const offer = offerStay({
    hotel,
    roomTypeId: roomType.id,
    stay: stay.value,
    occupancy: { adults: r.guests - r.children, children: r.children },
    nights: snapshot.nights,
    ...(rate ? { ratePlan: rate } : {}),
  });
  if (!offer.ok) return offer;

  const reserved = await tx.inventory.reserve({ hotelId: hotel.id, roomTypeId: roomType.id, stay: stay.value, rooms: 1 }, hotel.overbookingPercent);
  if (!reserved.ok) {
    return err({ code: 'NO_AVAILABILITY', hotelId: hotel.id, roomTypeId: roomType.id, nights: reserved.error.failedNights.map(String) });
  }
  // The standard rate is priced from the rows the reserve locked, not the earlier read, so a price
  // change racing this booking cannot leave it at a price the inventory no longer holds.
  const priced = rate ? offer.value : { ...offer.value, price: standardRatePrice(reserved.value, hotel.currency) };
  return ok({ hotel, roomType, ratePlan: rate?.plan, stay: stay.value, offer: priced });
}
