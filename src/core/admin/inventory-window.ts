import type { Hotel } from '../hotel/hotel.js';
import { invalidArgument, type InvalidArgument } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { parseRange, type DateRange } from '../time/date-range.js';
import { dateInZone } from '../time/time-zone.js';

/** Inventory is managed a year (plus a leap day) at a time, from the hotel's today on. */
export const INVENTORY_RULES = { maxNights: 366, maxDaysAhead: 800 } as const;

export function parseInventoryRange(hotel: Hotel, from: string, to: string, now: Date, allowPast: boolean): Result<DateRange, InvalidArgument> {
  const today = dateInZone(now, hotel.timeZone);
  const range = parseRange(from, to, { start: 'from', end: 'to' }, {
    // Reading past nights is fine; writing them is not.
    today: allowPast ? today.addDays(-INVENTORY_RULES.maxDaysAhead) : today,
    maxNights: INVENTORY_RULES.maxNights,
    maxDaysAhead: INVENTORY_RULES.maxDaysAhead,
  });
  return range.ok ? ok(range.value) : err(invalidArgument(range.error));
}
