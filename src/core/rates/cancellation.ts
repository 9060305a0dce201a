import { Money } from '../money/money.js';
import { divideHalfEven } from '../money/rounding.js';
import type { PriceBreakdown } from './pricing.js';
import type { CancellationPolicy } from './rate-plan.js';

const HOUR = 3_600_000;

/**
 * What cancelling costs at `now` for a stay arriving at `arrival` (00:00 of the check-in day in
 * the hotel's zone): nothing while the free period lasts, then the policy's penalty, capped at the
 * stay's price. Never decreases as time goes on.
 */
export function cancellationPenalty(policy: CancellationPolicy, price: PriceBreakdown, arrival: Date, now: Date): Money {
  const hours = policy.freeUntilHoursBeforeArrival;
  if (hours !== null && now.getTime() <= arrival.getTime() - hours * HOUR) return Money.zero(price.currency);
  const total = price.afterTax.amountMinor;
  switch (policy.penalty.kind) {
    case 'FULL_STAY':
      return price.afterTax;
    case 'FIRST_NIGHT':
      return Money.of(price.nights[0]?.afterTaxMinor ?? total, price.currency);
    case 'PERCENT':
      return Money.of(divideHalfEven(total * policy.penalty.percent, 100), price.currency);
  }
}

/** The policy in words, for quotes and confirmations. */
export function describePolicy(policy: CancellationPolicy): string {
  const penalty =
    policy.penalty.kind === 'FULL_STAY' ? 'the full stay' : policy.penalty.kind === 'FIRST_NIGHT' ? 'the first night' : `${policy.penalty.percent}% of the stay`;
  if (policy.freeUntilHoursBeforeArrival === null) return `Non-refundable: cancelling costs ${penalty}.`;
  if (policy.freeUntilHoursBeforeArrival === 0) return `Free cancellation until arrival day (hotel time); then ${penalty}.`;
  return `Free cancellation until ${policy.freeUntilHoursBeforeArrival} hours before arrival day (hotel time); then ${penalty}.`;
}
