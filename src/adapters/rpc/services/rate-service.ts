import type { ServiceImpl } from '@connectrpc/connect';
import type { Restrictions } from '../../../core/inventory/restrictions.js';
import type { SetRestrictions } from '../../../core/inventory/set-restrictions.js';
import type { CreateRatePlan, ListRatePlans } from '../../../core/rates/create-rate-plan.js';
import type { MealPlan, Penalty } from '../../../core/rates/rate-plan.js';
import type { SetRatePrices } from '../../../core/rates/set-rate-prices.js';
import type { RateService, SetRestrictionsRequest } from '../../../gen/hotel/v1/rate_service_pb.js';
import { PenaltyKind, type CancellationPolicy as CancellationPolicyMessage } from '../../../gen/hotel/v1/rates_pb.js';
import { invalidArgumentError } from '../domain-errors.js';
import { MEAL_PLAN_MESSAGE, ratePlanMessage, toSafeNumber } from '../messages.js';
import { unwrap } from '../results.js';

export interface RateUseCases {
  readonly createRatePlan: CreateRatePlan;
  readonly listRatePlans: ListRatePlans;
  readonly setRatePrices: SetRatePrices;
  readonly setRestrictions: SetRestrictions;
}

const MEAL_PLAN_BY_MESSAGE = new Map(Object.entries(MEAL_PLAN_MESSAGE).map(([plan, message]) => [message, plan as MealPlan]));

export function rateService(uc: RateUseCases): ServiceImpl<typeof RateService> {
  return {
    async createRatePlan(req) {
      const policy = req.cancellationPolicy;
      if (!policy) throw invalidArgumentError([{ field: 'cancellation_policy', description: 'is required' }]);
      const plan = unwrap(
        await uc.createRatePlan.execute({
          hotelId: req.hotelId,
          roomTypeId: req.roomTypeId,
          name: req.name,
          mealPlan: MEAL_PLAN_BY_MESSAGE.get(req.mealPlan) ?? 'ROOM_ONLY',
          refundable: policy.refundable,
          cancellationPolicy: { freeUntilHoursBeforeArrival: policy.refundable ? policy.freeUntilHoursBeforeArrival : null, penalty: penaltyOf(policy) },
          taxes: {
            vatBasisPoints: req.taxes?.vatBasisPoints ?? 0,
            cityTaxPerPersonNightMinor: toSafeNumber(req.taxes?.cityTaxPerPersonNightMinor ?? 0n),
          },
        }),
      );
      return { ratePlan: ratePlanMessage(plan) };
    },

    async listRatePlans(req) {
      return { ratePlans: unwrap(await uc.listRatePlans.execute(req.hotelId, req.roomTypeId)).map(ratePlanMessage) };
    },

    async setRatePrices(req) {
      const nightsUpdated = unwrap(
        await uc.setRatePrices.execute({
          hotelId: req.hotelId,
          ratePlanId: req.ratePlanId,
          from: req.from,
          to: req.to,
          pricesByAdultsMinor: req.pricesByAdultsMinor.map(toSafeNumber),
          extraChildMinor: toSafeNumber(req.extraChildMinor),
        }),
      );
      return { nightsUpdated };
    },

    async setRestrictions(req) {
      const nightsUpdated = unwrap(
        await uc.setRestrictions.execute({ hotelId: req.hotelId, roomTypeId: req.roomTypeId, from: req.from, to: req.to, change: restrictionChange(req) }),
      );
      return { nightsUpdated };
    },
  };
}

function penaltyOf(policy: CancellationPolicyMessage): Penalty {
  switch (policy.penaltyKind) {
    case PenaltyKind.PERCENT:
      return { kind: 'PERCENT', percent: policy.penaltyPercent };
    case PenaltyKind.FIRST_NIGHT:
      return { kind: 'FIRST_NIGHT' };
    case PenaltyKind.FULL_STAY:
      return { kind: 'FULL_STAY' };
    default:
      throw invalidArgumentError([{ field: 'cancellation_policy.penalty_kind', description: 'must be FIRST_NIGHT, PERCENT or FULL_STAY' }]);
  }
}

/** Only the fields the request sets; 0 clears a length-of-stay limit. */
function restrictionChange(req: SetRestrictionsRequest): Partial<Restrictions> {
  const stayLimit = (n: number) => (n === 0 ? null : n);
  return {
    ...(req.stopSell !== undefined ? { stopSell: req.stopSell } : {}),
    ...(req.closedToArrival !== undefined ? { closedToArrival: req.closedToArrival } : {}),
    ...(req.closedToDeparture !== undefined ? { closedToDeparture: req.closedToDeparture } : {}),
    ...(req.minStay !== undefined ? { minStay: stayLimit(req.minStay) } : {}),
    ...(req.maxStay !== undefined ? { maxStay: stayLimit(req.maxStay) } : {}),
  };
}
