import type { Hotel } from '../hotel/hotel.js';
import { availableRooms, type InventoryNight } from '../inventory/inventory-night.js';
import { checkRestrictions } from '../inventory/restrictions.js';
import { invalidArgument, type InvalidArgument, type NoAvailability, type StayRestricted } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import type { Money } from '../money/money.js';
import type { CalendarDate } from '../time/calendar-date.js';
import type { DateRange } from '../time/date-range.js';
import { breakdownOf, priceStay, type NightRate, type Occupancy, type PriceBreakdown } from './pricing.js';
import type { CancellationPolicy, RatePlan } from './rate-plan.js';

/** The standard rate: the inventory's nightly room price, taxes included, free cancellation until arrival day, then the first night. */
export const STANDARD_RATE_POLICY: CancellationPolicy = { freeUntilHoursBeforeArrival: 0, penalty: { kind: 'FIRST_NIGHT' } };

/** Everything needed to judge one stay of one room type: its nights (and departure day) and, with a plan, the plan's prices. */
export interface StayFacts {
  readonly hotel: Hotel;
  readonly roomTypeId: string;
  readonly stay: DateRange;
  readonly occupancy: Occupancy;
  /** Inventory rows of the stay's nights and of the departure day, any order. */
  readonly nights: readonly InventoryNight[];
  readonly ratePlan?: { readonly plan: RatePlan; readonly rates: readonly NightRate[] };
}

export interface StayOffer {
  readonly price: PriceBreakdown;
  readonly policy: CancellationPolicy;
  readonly roomsAvailable: number;
}

export type StayOfferError = NoAvailability | StayRestricted | InvalidArgument;

/**
 * Whether a stay can be sold and at what price: every night must exist with a room left, no sell
 * rule may forbid it, and the rate must price every night for the occupancy. Pure: the booking
 * path evaluates it inside its transaction and then reserves atomically.
 */
/** The standard rate's price: each night's inventory price, taxes included (no tax lines). */
export function standardRatePrice(nights: readonly { readonly date: CalendarDate; readonly price: Money }[], currency: string): PriceBreakdown {
  return breakdownOf(
    nights.map((n) => ({ date: n.date, beforeTaxMinor: n.price.amountMinor, vatMinor: 0, cityTaxMinor: 0, afterTaxMinor: n.price.amountMinor })),
    currency,
  );
}

export function offerStay(f: StayFacts): Result<StayOffer, StayOfferError> {
  const stayNights = f.stay.nights();
  const byDay = new Map(f.nights.map((n) => [n.date.epochDay, n]));
  const missing = stayNights.filter((d) => {
    const night = byDay.get(d.epochDay);
    return !night || availableRooms(night, f.hotel.overbookingPercent) < 1;
  });
  const noAvailability = (nights: readonly { toString(): string }[]): NoAvailability => ({
    code: 'NO_AVAILABILITY',
    hotelId: f.hotel.id,
    roomTypeId: f.roomTypeId,
    nights: nights.map(String),
  });
  const restricted = checkRestrictions(f.stay, f.nights);
  if (restricted) return err(restricted);
  if (missing.length > 0) return err(noAvailability(missing));
  const ordered = stayNights.map((d) => byDay.get(d.epochDay) as InventoryNight);
  const roomsAvailable = Math.min(...ordered.map((n) => availableRooms(n, f.hotel.overbookingPercent)));

  if (!f.ratePlan) {
    return ok({ price: standardRatePrice(ordered, f.hotel.currency), policy: STANDARD_RATE_POLICY, roomsAvailable });
  }
  const rateDays = new Set(f.ratePlan.rates.map((r) => r.date.epochDay));
  const unpriced = stayNights.filter((d) => !rateDays.has(d.epochDay));
  if (unpriced.length > 0) return err(noAvailability(unpriced));
  const rates = stayNights.map((d) => f.ratePlan!.rates.find((r) => r.date.epochDay === d.epochDay) as NightRate);
  const price = priceStay(rates, f.occupancy, f.ratePlan.plan.taxes, f.hotel.currency);
  if (!price) {
    return err(invalidArgument([{ field: 'guests', description: `the rate plan has no price for ${f.occupancy.adults} adults` }]));
  }
  return ok({ price, policy: f.ratePlan.plan.cancellationPolicy, roomsAvailable });
}
