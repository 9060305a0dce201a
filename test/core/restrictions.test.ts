import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { InventoryNight } from '../../src/core/inventory/inventory-night.js';
import { checkRestrictions, NO_RESTRICTIONS, type Restrictions } from '../../src/core/inventory/restrictions.js';
import { Money } from '../../src/core/money/money.js';
import { CalendarDate } from '../../src/core/time/calendar-date.js';
import { DateRange } from '../../src/core/time/date-range.js';

const day = (offset: number) => CalendarDate.parse('2030-06-01')!.addDays(offset);
const night = (offset: number, r: Partial<Restrictions> = {}): InventoryNight => ({
  hotelId: 'h',
  roomTypeId: 'rt',
  date: day(offset),
  totalRooms: 5,
  reserved: 0,
  price: Money.of(100, 'EUR'),
  restrictions: { ...NO_RESTRICTIONS, ...r },
});
const stay = (from: number, to: number) => DateRange.of(day(from), day(to))!;
const nights = (overrides: Record<number, Partial<Restrictions>>) => Array.from({ length: 10 }, (_, i) => night(i, overrides[i]));

describe('stay restrictions', () => {
  it.each([
    ['min stay on the arrival night', { 1: { minStay: 3 } }, stay(1, 3), 'MIN_STAY', day(1)],
    ['max stay on the arrival night', { 1: { maxStay: 2 } }, stay(1, 4), 'MAX_STAY', day(1)],
    ['closed to arrival', { 2: { closedToArrival: true } }, stay(2, 4), 'CLOSED_TO_ARRIVAL', day(2)],
    ['closed to departure on the check-out day', { 4: { closedToDeparture: true } }, stay(2, 4), 'CLOSED_TO_DEPARTURE', day(4)],
    ['stop-sell on a middle night', { 3: { stopSell: true } }, stay(2, 5), 'STOP_SELL', day(3)],
  ] as const)('refuses %s', (_name, overrides, s, restriction, date) => {
    expect(checkRestrictions(s, nights(overrides))).toMatchObject({ code: 'STAY_RESTRICTED', restriction, date: date.toString() });
  });

  it.each([
    ['min stay met exactly', { 1: { minStay: 2 } }, stay(1, 3)],
    ['min stay of a later night (only the arrival night counts)', { 2: { minStay: 5 } }, stay(1, 3)],
    ['closed to arrival on a middle night', { 2: { closedToArrival: true } }, stay(1, 4)],
    ['closed to departure on a middle night', { 2: { closedToDeparture: true } }, stay(1, 4)],
    ['stop-sell on the departure day', { 4: { stopSell: true } }, stay(2, 4)],
  ] as const)('allows %s', (_name, overrides, s) => {
    expect(checkRestrictions(s, nights(overrides))).toBeUndefined();
  });
});

/** The rules read night by night, as written before checkRestrictions became one pass: the model. */
function byTheRules(s: DateRange, list: readonly InventoryNight[]): string | undefined {
  const byDay = new Map(list.map((n) => [n.date.epochDay, n.restrictions]));
  const arrival = byDay.get(s.checkIn.epochDay);
  if (arrival?.closedToArrival) return `CLOSED_TO_ARRIVAL ${s.checkIn}`;
  if (arrival?.minStay != null && s.nightCount < arrival.minStay) return `MIN_STAY ${s.checkIn}`;
  if (arrival?.maxStay != null && s.nightCount > arrival.maxStay) return `MAX_STAY ${s.checkIn}`;
  for (let d = s.checkIn; d.isBefore(s.checkOut); d = d.addDays(1)) if (byDay.get(d.epochDay)?.stopSell) return `STOP_SELL ${d}`;
  if (byDay.get(s.checkOut.epochDay)?.closedToDeparture) return `CLOSED_TO_DEPARTURE ${s.checkOut}`;
  return undefined;
}

describe('stay restrictions, any mix', () => {
  const restrictions = fc.record({
    stopSell: fc.boolean(),
    closedToArrival: fc.boolean(),
    closedToDeparture: fc.boolean(),
    minStay: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
    maxStay: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
  });
  it('agrees with the rules read night by night, whichever nights are present and restricted', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(restrictions, { nil: undefined }), { minLength: 10, maxLength: 10 }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 1, max: 6 }),
        (perNight, from, length) => {
          // A missing row (undefined) restricts nothing; rows come in any order.
          const list = perNight.flatMap((r, i) => (r === undefined ? [] : [night(i, r)])).reverse();
          const s = stay(from, Math.min(from + length, 10));
          const found = checkRestrictions(s, list);
          expect(found ? `${found.restriction} ${found.date}` : undefined).toBe(byTheRules(s, list));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
