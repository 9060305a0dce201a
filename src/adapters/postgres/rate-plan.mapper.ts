import { RatePlan, type MealPlan, type Penalty } from '../../core/rates/rate-plan.js';
import type { RatePlanRecord } from './records/rate-plan.record.js';
import { toSafeInteger } from './sql-values.js';

export function toRecord(plan: RatePlan): RatePlanRecord {
  const p = plan.toProps();
  return {
    hotelId: p.hotelId,
    id: p.id,
    roomTypeId: p.roomTypeId,
    name: p.name,
    mealPlan: p.mealPlan,
    refundable: p.refundable,
    freeUntilHours: p.cancellationPolicy.freeUntilHoursBeforeArrival,
    penaltyKind: p.cancellationPolicy.penalty.kind,
    penaltyPercent: p.cancellationPolicy.penalty.kind === 'PERCENT' ? p.cancellationPolicy.penalty.percent : null,
    vatBasisPoints: p.taxes.vatBasisPoints,
    cityTaxMinor: p.taxes.cityTaxPerPersonNightMinor,
    createdAt: new Date(),
  };
}

export function toDomain(r: RatePlanRecord): RatePlan {
  const penalty: Penalty =
    r.penaltyKind === 'PERCENT' ? { kind: 'PERCENT', percent: r.penaltyPercent ?? 100 } : { kind: r.penaltyKind as 'FIRST_NIGHT' | 'FULL_STAY' };
  return RatePlan.rehydrate({
    id: r.id,
    hotelId: r.hotelId,
    roomTypeId: r.roomTypeId,
    name: r.name,
    mealPlan: r.mealPlan as MealPlan,
    refundable: r.refundable,
    cancellationPolicy: { freeUntilHoursBeforeArrival: r.freeUntilHours, penalty },
    taxes: { vatBasisPoints: r.vatBasisPoints, cityTaxPerPersonNightMinor: toSafeInteger(r.cityTaxMinor) },
  });
}
