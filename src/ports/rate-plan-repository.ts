import type { RatePlan } from '../core/rates/rate-plan.js';
import type { NightRate } from '../core/rates/pricing.js';
import type { DateRange } from '../core/time/date-range.js';

export interface RatePricesSetting {
  readonly hotelId: string;
  readonly ratePlanId: string;
  readonly nights: DateRange;
  /** Index 0 = one adult. */
  readonly pricesByAdultsMinor: readonly number[];
  readonly extraChildMinor: number;
}

/** Rate plans and their nightly prices, inside a unit of work. */
export interface RatePlanRepository {
  add(plan: RatePlan): Promise<void>;
  /** The plan only if it belongs to `hotelId`. */
  get(hotelId: string, ratePlanId: string): Promise<RatePlan | undefined>;
  listForRoomType(hotelId: string, roomTypeId: string): Promise<RatePlan[]>;
  /** Creates or replaces the prices of every night of the range; returns how many. */
  setPrices(setting: RatePricesSetting): Promise<number>;
  /** The plan's prices for the nights of `range` that have one, in date order. */
  prices(hotelId: string, ratePlanId: string, range: DateRange): Promise<NightRate[]>;
}
