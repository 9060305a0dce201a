import type { RoomType } from '../hotel/room-type.js';
import { describePolicy } from '../rates/cancellation.js';
import type { PriceBreakdown } from '../rates/pricing.js';
import type { CancellationPolicy, RatePlan } from '../rates/rate-plan.js';
import { offerStay } from '../rates/stay-offer.js';
import { invalidArgument, notFound, Violations, type InvalidArgument, type NotFound } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { DateRange, parseRange, STAY_RULES } from '../time/date-range.js';
import { dateInZone } from '../time/time-zone.js';
import type { Clock } from '../../ports/clock.js';
import type { UnitOfWork } from '../../ports/unit-of-work.js';

export interface QuoteStayQuery {
  readonly hotelId: string;
  /** Empty: every room type of the hotel. */
  readonly roomTypeId: string;
  readonly checkIn: string;
  readonly checkOut: string;
  readonly adults: number;
  readonly children: number;
}

export interface StayQuote {
  readonly roomType: RoomType;
  /** undefined: the standard rate. */
  readonly ratePlan: RatePlan | undefined;
  readonly price: PriceBreakdown;
  readonly policy: CancellationPolicy;
  readonly policyText: string;
  readonly roomsAvailable: number;
}

/**
 * Every bookable (room type, rate) for a stay with its full price breakdown and cancellation terms:
 * the same judgement the booking makes (availability, restrictions, occupancy prices), without
 * reserving anything. Unbookable combinations are left out, not reported as errors.
 */
export class QuoteStay {
  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly clock: Clock }) {}

  async execute(q: QuoteStayQuery): Promise<Result<StayQuote[], InvalidArgument | NotFound>> {
    const v = new Violations();
    v.require(q.hotelId.length > 0, 'hotel_id', 'is required');
    v.require(Number.isInteger(q.adults) && q.adults >= 1 && q.adults <= 20, 'adults', 'must be from 1 to 20');
    v.require(Number.isInteger(q.children) && q.children >= 0 && q.children + q.adults <= 20, 'children', 'must be from 0, with at most 20 guests in all');
    if (!v.isEmpty) return err(v.toError());

    return this.deps.uow.run(q.hotelId, async (tx): Promise<Result<StayQuote[], InvalidArgument | NotFound>> => {
      const hotel = await tx.hotels.get(q.hotelId);
      if (!hotel?.isActive) return err(notFound('hotel', q.hotelId));
      const stay = parseRange(q.checkIn, q.checkOut, { start: 'check_in', end: 'check_out' }, { today: dateInZone(this.deps.clock.now(), hotel.timeZone), ...STAY_RULES });
      if (!stay.ok) return err(invalidArgument(stay.error));
      let roomTypes: RoomType[];
      if (q.roomTypeId !== '') {
        const roomType = await tx.hotels.getRoomType(hotel.id, q.roomTypeId);
        if (!roomType?.active) return err(notFound('room_type', q.roomTypeId));
        roomTypes = [roomType];
      } else {
        roomTypes = (await tx.hotels.listRoomTypes(hotel.id)).filter((rt) => rt.active);
      }
      const guests = q.adults + q.children;
      const withDeparture = DateRange.of(stay.value.checkIn, stay.value.checkOut.addDays(1)) as DateRange;
      const quotes: StayQuote[] = [];
      for (const roomType of roomTypes.filter((rt) => rt.sleeps(guests))) {
        const nights = await tx.inventory.list(hotel.id, roomType.id, withDeparture);
        const facts = { hotel, roomTypeId: roomType.id, stay: stay.value, occupancy: { adults: q.adults, children: q.children }, nights };
        const plans: (RatePlan | undefined)[] = [undefined, ...(await tx.ratePlans.listForRoomType(hotel.id, roomType.id))];
        for (const plan of plans) {
          const offer = offerStay(plan ? { ...facts, ratePlan: { plan, rates: await tx.ratePlans.prices(hotel.id, plan.id, stay.value) } } : facts);
          if (!offer.ok) continue;
          quotes.push({ roomType, ratePlan: plan, ...offer.value, policyText: describePolicy(offer.value.policy) });
        }
      }
      return ok(quotes.sort((a, b) => a.price.afterTax.amountMinor - b.price.afterTax.amountMinor));
    });
  }
}
