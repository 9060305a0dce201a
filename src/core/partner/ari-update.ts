import { MAX_NIGHTLY_PRICE_MINOR } from '../admin/set-inventory.js';
import { INVENTORY_RULES } from '../admin/inventory-window.js';
import type { Restrictions } from '../inventory/restrictions.js';
import { MAX_LENGTH_OF_STAY } from '../inventory/set-restrictions.js';
import { err, ok, type Result } from '../shared/result.js';
import { CalendarDate } from '../time/calendar-date.js';
import { DateRange } from '../time/date-range.js';

/** One update of a partner's ARI push, as the partner wrote it. */
export interface AriUpdateCommand {
  readonly hotelId: string;
  readonly roomTypeId: string;
  /** Required with `ratePrices`; otherwise ignored. */
  readonly ratePlanId: string | null;
  readonly from: string;
  readonly to: string;
  /** ISO days of the week (1 = Monday ... 7 = Sunday); empty = every day. */
  readonly weekdays: readonly number[];
  readonly totalRooms?: number;
  readonly standardPriceMinor?: number;
  readonly ratePrices?: { readonly pricesByAdultsMinor: readonly number[]; readonly extraChildMinor: number };
  /** Only the restrictions given change; null min/max stay clears the limit. */
  readonly restrictions: Partial<Restrictions>;
}

export type AriErrorReason =
  | 'PAST_DATES'
  | 'INVALID_DATE_RANGE'
  | 'UNKNOWN_HOTEL'
  | 'UNKNOWN_ROOM_TYPE'
  | 'UNKNOWN_RATE_PLAN'
  | 'MAX_STAY_BELOW_MIN_STAY'
  | 'INVALID_PRICE'
  | 'INVENTORY_BELOW_RESERVED'
  | 'NOTHING_TO_UPDATE';

/** Why one update was refused; a refused update changes nothing. */
export interface AriRefusal {
  readonly reason: AriErrorReason;
  /** The update's field to blame (proto name), if one is. */
  readonly field: string;
  readonly message: string;
  /** For INVENTORY_BELOW_RESERVED: the nights and what is reserved on them. */
  readonly nights: readonly { readonly date: string; readonly reserved: number }[];
}

export const refusal = (reason: AriErrorReason, field: string, message: string, nights: AriRefusal['nights'] = []): AriRefusal => ({
  reason,
  field,
  message,
  nights,
});

export const MAX_ARI_UPDATES = 10_000;
export const EVERY_DAY_MASK = 0b111_1111;

/** ISO weekday (1 = Monday) of a date: 1970-01-01 was a Thursday. */
export const isoWeekday = (date: CalendarDate): number => ((((date.epochDay + 3) % 7) + 7) % 7) + 1;

export function weekdayMask(weekdays: readonly number[]): number {
  return weekdays.length === 0 ? EVERY_DAY_MASK : weekdays.reduce((mask, day) => mask | (1 << (day - 1)), 0);
}

/** Whether a night is selected by a weekday mask. */
export const selects = (mask: number, date: CalendarDate): boolean => ((mask >> (isoWeekday(date) - 1)) & 1) === 1;

/** The checks that need no stored state: what is set, prices, stay limits, weekdays. */
export function checkUpdateShape(u: AriUpdateCommand): AriRefusal | undefined {
  const r = u.restrictions;
  const setsSomething =
    u.totalRooms !== undefined || u.standardPriceMinor !== undefined || u.ratePrices !== undefined || Object.values(r).some((v) => v !== undefined);
  if (!setsSomething) return refusal('NOTHING_TO_UPDATE', '', 'the update sets no field');
  if (u.weekdays.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) return refusal('INVALID_DATE_RANGE', 'weekdays', 'weekdays must be Monday to Sunday');
  if (u.totalRooms !== undefined && !(Number.isSafeInteger(u.totalRooms) && u.totalRooms >= 0 && u.totalRooms <= 100_000)) {
    return refusal('INVALID_DATE_RANGE', 'total_rooms', 'total_rooms must be from 0 to 100000');
  }
  const validPrice = (p: number) => Number.isSafeInteger(p) && p > 0 && p <= MAX_NIGHTLY_PRICE_MINOR;
  if (u.standardPriceMinor !== undefined && !validPrice(u.standardPriceMinor)) {
    return refusal('INVALID_PRICE', 'standard_price_minor', `standard_price_minor must be greater than 0 and at most ${MAX_NIGHTLY_PRICE_MINOR}`);
  }
  if (u.ratePrices) {
    const { pricesByAdultsMinor: prices, extraChildMinor: child } = u.ratePrices;
    if (prices.length < 1 || prices.length > 20) return refusal('INVALID_PRICE', 'prices.prices_by_adults_minor', 'give 1 to 20 occupancy prices');
    const bad = prices.findIndex((p) => !validPrice(p));
    if (bad >= 0) return refusal('INVALID_PRICE', `prices.prices_by_adults_minor[${bad}]`, `prices must be greater than 0 and at most ${MAX_NIGHTLY_PRICE_MINOR}`);
    if (!(Number.isSafeInteger(child) && child >= 0 && child <= MAX_NIGHTLY_PRICE_MINOR)) {
      return refusal('INVALID_PRICE', 'prices.extra_child_minor', 'extra_child_minor must be from 0');
    }
    if (!u.ratePlanId) return refusal('UNKNOWN_RATE_PLAN', 'rate_plan_id', 'prices need a rate_plan_id');
  }
  const validStay = (n: number | null | undefined) => n == null || (Number.isInteger(n) && n >= 1 && n <= MAX_LENGTH_OF_STAY);
  if (!validStay(r.minStay)) return refusal('MAX_STAY_BELOW_MIN_STAY', 'min_stay', `min_stay must be from 1 to ${MAX_LENGTH_OF_STAY} (0 clears it)`);
  if (!validStay(r.maxStay)) return refusal('MAX_STAY_BELOW_MIN_STAY', 'max_stay', `max_stay must be from 1 to ${MAX_LENGTH_OF_STAY} (0 clears it)`);
  if (r.minStay != null && r.maxStay != null && r.maxStay < r.minStay) {
    return refusal('MAX_STAY_BELOW_MIN_STAY', 'max_stay', `max_stay ${r.maxStay} is less than min_stay ${r.minStay}`);
  }
  return undefined;
}

/** The update's nights, given the hotel's today: not in the past, at most a year long, not too far ahead. */
export function parseUpdateRange(u: AriUpdateCommand, today: CalendarDate): Result<DateRange, AriRefusal> {
  const from = CalendarDate.parse(u.from);
  const to = CalendarDate.parse(u.to);
  if (!from) return err(refusal('INVALID_DATE_RANGE', 'from', 'from must be a real date written YYYY-MM-DD'));
  if (!to) return err(refusal('INVALID_DATE_RANGE', 'to', 'to must be a real date written YYYY-MM-DD'));
  const range = DateRange.of(from, to);
  if (!range) return err(refusal('INVALID_DATE_RANGE', 'to', 'to must be after from'));
  if (from.isBefore(today)) return err(refusal('PAST_DATES', 'from', `from must not be in the past (today is ${today.toString()} at the hotel)`));
  if (range.nightCount > INVENTORY_RULES.maxNights) return err(refusal('INVALID_DATE_RANGE', 'to', `at most ${INVENTORY_RULES.maxNights} nights`));
  if (today.daysUntil(to) > INVENTORY_RULES.maxDaysAhead) {
    return err(refusal('INVALID_DATE_RANGE', 'to', `to must be at most ${INVENTORY_RULES.maxDaysAhead} days from today`));
  }
  return ok(range);
}
