import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divideHalfEven } from '../../src/core/money/rounding.js';
import { cancellationPenalty } from '../../src/core/rates/cancellation.js';
import { breakdownOf, priceNight, priceStay, type NightRate } from '../../src/core/rates/pricing.js';
import type { CancellationPolicy } from '../../src/core/rates/rate-plan.js';
import { CalendarDate } from '../../src/core/time/calendar-date.js';
import { startOfDay } from '../../src/core/time/zoned-instant.js';

const day = (offset: number) => CalendarDate.parse('2030-06-01')!.addDays(offset);
const rate = (offset: number, prices: number[], child = 0): NightRate => ({ date: day(offset), pricesByAdultsMinor: prices, extraChildMinor: child });

describe('half-even rounding', () => {
  it.each([
    [5, 2, 2],
    [7, 2, 4],
    [-5, 2, -2],
    [1, 3, 0],
    [2, 3, 1],
    [125, 10, 12],
    [135, 10, 14],
    [1_0050, 100, 100],
    [1_0150, 100, 102],
  ])('%i / %i = %i', (n, d, q) => {
    expect(divideHalfEven(n, d)).toBe(q);
  });

  it('is within half a unit of the exact quotient, and ties go to even', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 1, max: 1e6 }), (n, d) => {
        const q = divideHalfEven(n, d);
        const error = Math.abs(q * d - n) * 2;
        expect(error).toBeLessThanOrEqual(d);
        if (error === d) expect(Math.abs(q % 2)).toBe(0);
      }),
    );
  });
});

describe('stay pricing', () => {
  it('prices by adults, adds each child, VAT rounded per night, city tax per person', () => {
    const taxes = { vatBasisPoints: 1000, cityTaxPerPersonNightMinor: 250 };
    const line = priceNight(rate(0, [10_000, 12_345], 1_005), { adults: 2, children: 1 }, taxes)!;
    // 12345 + 1005 = 13350 before tax; VAT 1335.0; city tax 3 x 250.
    expect(line).toMatchObject({ beforeTaxMinor: 13_350, vatMinor: 1_335, cityTaxMinor: 750, afterTaxMinor: 15_435 });
    // 10% of 12345 = 1234.5 rounds to even 1234; 10% of 12355 = 1235.5 rounds to 1236.
    expect(priceNight(rate(0, [12_345]), { adults: 1, children: 0 }, taxes)!.vatMinor).toBe(1_234);
    expect(priceNight(rate(0, [12_355]), { adults: 1, children: 0 }, taxes)!.vatMinor).toBe(1_236);
  });

  it('has no price for more adults than the plan prices', () => {
    expect(priceStay([rate(0, [100, 200])], { adults: 3, children: 0 }, { vatBasisPoints: 0, cityTaxPerPersonNightMinor: 0 }, 'EUR')).toBeUndefined();
  });

  it('is the sum of its night lines, and after tax = before tax + taxes, for any occupancy and stay', () => {
    const night = fc.record({ prices: fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: 6 }), child: fc.integer({ min: 0, max: 100_000 }) });
    fc.assert(
      fc.property(
        fc.array(night, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (nights, adults, children, vat, city) => {
          const rates = nights.map((n, i) => rate(i, n.prices, n.child));
          const taxes = { vatBasisPoints: vat, cityTaxPerPersonNightMinor: city };
          const price = priceStay(rates, { adults, children }, taxes, 'EUR');
          if (nights.some((n) => n.prices.length < adults)) {
            expect(price).toBeUndefined();
            return;
          }
          expect(price).toBeDefined();
          const lines = rates.map((r) => priceNight(r, { adults, children }, taxes)!);
          expect(price!.nights).toEqual(lines);
          expect(price!.beforeTax.amountMinor).toBe(lines.reduce((s, l) => s + l.beforeTaxMinor, 0));
          expect(price!.afterTax.amountMinor).toBe(price!.beforeTax.amountMinor + price!.taxes.amountMinor);
          expect(price!.cityTax.amountMinor).toBe(nights.length * (adults + children) * city);
          for (const l of lines) expect(Math.abs(l.vatMinor * 10_000 - l.beforeTaxMinor * vat)).toBeLessThanOrEqual(5_000);
        },
      ),
    );
  });
});

describe('cancellation penalty', () => {
  const price = breakdownOf(
    [0, 1, 2].map((i) => ({ date: day(i), beforeTaxMinor: 10_000, vatMinor: 1_000, cityTaxMinor: 200, afterTaxMinor: 11_200 })),
    'EUR',
  );
  const arrival = new Date('2030-06-01T00:00:00+02:00');
  const hoursBefore = (h: number) => new Date(arrival.getTime() - h * 3_600_000);

  it.each<[CancellationPolicy, number, number]>([
    [{ freeUntilHoursBeforeArrival: 48, penalty: { kind: 'FIRST_NIGHT' } }, 49, 0],
    [{ freeUntilHoursBeforeArrival: 48, penalty: { kind: 'FIRST_NIGHT' } }, 48, 0],
    [{ freeUntilHoursBeforeArrival: 48, penalty: { kind: 'FIRST_NIGHT' } }, 47, 11_200],
    [{ freeUntilHoursBeforeArrival: 24, penalty: { kind: 'PERCENT', percent: 30 } }, 1, 10_080],
    [{ freeUntilHoursBeforeArrival: 0, penalty: { kind: 'FULL_STAY' } }, -1, 33_600],
    [{ freeUntilHoursBeforeArrival: null, penalty: { kind: 'FULL_STAY' } }, 10_000, 33_600],
  ])('%j at %i hours before arrival costs %i', (policy, hours, expected) => {
    expect(cancellationPenalty(policy, price, arrival, hoursBefore(hours)).amountMinor).toBe(expected);
  });

  it('never decreases as time goes on and never exceeds the stay', () => {
    const policy = fc.record({
      freeUntilHoursBeforeArrival: fc.option(fc.integer({ min: 0, max: 720 }), { nil: null }),
      penalty: fc.oneof(
        fc.constant({ kind: 'FIRST_NIGHT' as const }),
        fc.constant({ kind: 'FULL_STAY' as const }),
        fc.integer({ min: 1, max: 100 }).map((percent) => ({ kind: 'PERCENT' as const, percent })),
      ),
    });
    fc.assert(
      fc.property(policy, fc.integer({ min: -1000, max: 2000 }), fc.integer({ min: 0, max: 2000 }), (p, h, later) => {
        const early = cancellationPenalty(p, price, arrival, hoursBefore(h)).amountMinor;
        const late = cancellationPenalty(p, price, arrival, hoursBefore(h - later)).amountMinor;
        expect(late).toBeGreaterThanOrEqual(early);
        expect(late).toBeLessThanOrEqual(price.afterTax.amountMinor);
      }),
    );
  });
});

describe('startOfDay in a time zone', () => {
  it.each([
    ['2030-06-01', 'Europe/Paris', '2030-05-31T22:00:00.000Z'],
    ['2030-01-15', 'Europe/Paris', '2030-01-14T23:00:00.000Z'],
    ['2030-06-01', 'Asia/Tokyo', '2030-05-31T15:00:00.000Z'],
    ['2030-06-01', 'America/New_York', '2030-06-01T04:00:00.000Z'],
    ['2030-03-10', 'America/New_York', '2030-03-10T05:00:00.000Z'],
    ['2030-01-01', 'UTC', '2030-01-01T00:00:00.000Z'],
  ])('%s starts in %s at %s', (date, zone, instant) => {
    expect(startOfDay(CalendarDate.parse(date)!, zone).toISOString()).toBe(instant);
  });
});
