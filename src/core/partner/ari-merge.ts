import type { Restrictions } from '../inventory/restrictions.js';
import { CalendarDate } from '../time/calendar-date.js';
import { selects } from './ari-update.js';
import type { AriUpdatePlan } from '../../ports/ari-store.js';

/** What a batch sets on one room type's night after merging its updates. */
export interface MergedNight {
  readonly roomTypeId: string;
  readonly date: CalendarDate;
  totalRooms?: number;
  standardPriceMinor?: number;
  restrictions: Partial<Restrictions>;
}

export interface MergedRateNight {
  readonly ratePlanId: string;
  readonly date: CalendarDate;
  pricesByAdultsMinor: readonly number[];
  extraChildMinor: number;
}

/**
 * The rule for overlapping updates: they apply in request order, so on a night several select,
 * the last one that sets a field wins for that field. Adapters may compute this set-based (the
 * Postgres store does, in SQL); the in-memory store uses this function.
 */
export function mergeAriUpdates(updates: readonly AriUpdatePlan[]): { nights: MergedNight[]; rates: MergedRateNight[] } {
  const nights = new Map<string, MergedNight>();
  const rates = new Map<string, MergedRateNight>();
  for (const u of [...updates].sort((a, b) => a.index - b.index)) {
    const setsInventory = u.totalRooms !== undefined || u.standardPriceMinor !== undefined || Object.values(u.restrictions).some((v) => v !== undefined);
    for (let day = u.range.checkIn.epochDay; day < u.range.checkOut.epochDay; day++) {
      const date = CalendarDate.fromEpochDay(day);
      if (!selects(u.weekdayMask, date)) continue;
      if (setsInventory) {
        const key = `${u.roomTypeId}/${day}`;
        const night = nights.get(key) ?? { roomTypeId: u.roomTypeId, date, restrictions: {} };
        if (u.totalRooms !== undefined) {
          night.totalRooms = u.totalRooms;
        }
        if (u.standardPriceMinor !== undefined) night.standardPriceMinor = u.standardPriceMinor;
        for (const [field, value] of Object.entries(u.restrictions)) {
          if (value !== undefined) night.restrictions = { ...night.restrictions, [field]: value };
        }
        nights.set(key, night);
      }
      if (u.ratePrices) {
        const { ratePlanId, pricesByAdultsMinor, extraChildMinor } = u.ratePrices;
        rates.set(`${ratePlanId}/${day}`, { ratePlanId, date, pricesByAdultsMinor, extraChildMinor });
      }
    }
  }
  return { nights: [...nights.values()], rates: [...rates.values()] };
}
