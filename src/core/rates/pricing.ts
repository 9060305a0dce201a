import { Money } from '../money/money.js';
import { divideHalfEven } from '../money/rounding.js';
import type { CalendarDate } from '../time/calendar-date.js';
import type { Taxes } from './rate-plan.js';

/** A rate plan's price for one night: by number of adults (index 0 = one adult), plus each child. */
export interface NightRate {
  readonly date: CalendarDate;
  readonly pricesByAdultsMinor: readonly number[];
  readonly extraChildMinor: number;
}

export interface Occupancy {
  readonly adults: number;
  readonly children: number;
}

export interface NightLine {
  readonly date: CalendarDate;
  readonly beforeTaxMinor: number;
  readonly vatMinor: number;
  readonly cityTaxMinor: number;
  readonly afterTaxMinor: number;
}

export interface PriceBreakdown {
  readonly currency: string;
  readonly nights: readonly NightLine[];
  readonly beforeTax: Money;
  readonly vat: Money;
  readonly cityTax: Money;
  /** vat + cityTax */
  readonly taxes: Money;
  readonly afterTax: Money;
}

export const NO_TAXES: Taxes = { vatBasisPoints: 0, cityTaxPerPersonNightMinor: 0 };

/**
 * Prices one night: the plan's price for this many adults plus each child, VAT on that rounded
 * half-even on this night's line (basis points / 10,000), and the city tax per person. Undefined
 * when the plan has no price for this many adults.
 */
export function priceNight(rate: NightRate, occupancy: Occupancy, taxes: Taxes): NightLine | undefined {
  const adultsPrice = rate.pricesByAdultsMinor[occupancy.adults - 1];
  if (adultsPrice === undefined || occupancy.adults < 1) return undefined;
  const beforeTaxMinor = adultsPrice + occupancy.children * rate.extraChildMinor;
  const vatMinor = divideHalfEven(beforeTaxMinor * taxes.vatBasisPoints, 10_000);
  const cityTaxMinor = (occupancy.adults + occupancy.children) * taxes.cityTaxPerPersonNightMinor;
  return { date: rate.date, beforeTaxMinor, vatMinor, cityTaxMinor, afterTaxMinor: beforeTaxMinor + vatMinor + cityTaxMinor };
}

/** The stay's price: the sum of its night lines. Undefined when a night is not priced for the occupancy. */
export function priceStay(rates: readonly NightRate[], occupancy: Occupancy, taxes: Taxes, currency: string): PriceBreakdown | undefined {
  const nights: NightLine[] = [];
  for (const rate of rates) {
    const line = priceNight(rate, occupancy, taxes);
    if (!line) return undefined;
    nights.push(line);
  }
  return breakdownOf(nights, currency);
}

export function breakdownOf(nights: readonly NightLine[], currency: string): PriceBreakdown {
  const sum = (pick: (n: NightLine) => number) => Money.of(nights.reduce((total, n) => total + pick(n), 0), currency);
  const vat = sum((n) => n.vatMinor);
  const cityTax = sum((n) => n.cityTaxMinor);
  return {
    currency,
    nights,
    beforeTax: sum((n) => n.beforeTaxMinor),
    vat,
    cityTax,
    taxes: vat.add(cityTax),
    afterTax: sum((n) => n.afterTaxMinor),
  };
}
