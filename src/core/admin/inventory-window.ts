import type { Hotel } from '../hotel/hotel.js';
import { invalidArgument, type InvalidArgument } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { parseRange, type DateRange } from '../time/date-range.js';
import { dateInZone } from '../time/time-zone.js';

/** Inventory is managed a year (plus a leap day) at a time, from the hotel's today on. */
export const INVENTORY_RULES = { maxNights: 366, maxDaysAhead: 800 } as const;

export function parseInventoryRange(hotel: Hotel, from: string, to: string, now: Date, allowPast: boolean): Result<DateRange, InvalidArgument> {
  const today = dateInZone(now, hotel.timeZone);
  // Reading past nights is fine (as far back as the future reaches); writing them is not.
  const lookBack = allowPast ? INVENTORY_RULES.maxDaysAhead : 0;
  const range = parseRange(from, to, { start: 'from', end: 'to' }, {
    today: today.addDays(-lookBack),
    maxNights: INVENTORY_RULES.maxNights,
    maxDaysAhead: INVENTORY_RULES.maxDaysAhead + lookBack,
  });
  return range.ok ? ok(range.value) : err(invalidArgument(range.error));
}
