import type { RatePlan } from '../rates/rate-plan.js';
import { invalidArgument, type InvalidArgument } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { dateInZone } from '../time/time-zone.js';
import {
  checkUpdateShape,
  MAX_ARI_UPDATES,
  parseUpdateRange,
  refusal,
  weekdayMask,
  type AriRefusal,
  type AriUpdateCommand,
} from './ari-update.js';
import type { AriUpdatePlan } from '../../ports/ari-store.js';
import type { Clock } from '../../ports/clock.js';
import type { UnitOfWork } from '../../ports/unit-of-work.js';

export type AriUpdateOutcome = { readonly index: number; readonly applied: true } | { readonly index: number; readonly applied: false; readonly refusal: AriRefusal };

export interface PushAriOutcome {
  /** One per update, in request order. */
  readonly results: readonly AriUpdateOutcome[];
  readonly nightsWritten: number;
}

export interface PushAriOptions {
  /** Stops between hotels once aborted (the client went away or its deadline passed). */
  readonly signal?: AbortSignal;
  /** Epoch milliseconds: the database statement running then is cancelled and its hotel rolled back. */
  readonly deadlineAt?: number;
}

/**
 * Applies a partner's bulk ARI push. Each update is checked on its own (shape, then against the
 * hotel's calendar, room types and rate plans) and refused with a typed reason without affecting
 * the others; the valid updates of a hotel are applied in one transaction on its shard, where the
 * store refuses, atomically, those that would leave fewer sellable rooms than are reserved.
 */
export class PushAri {
  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly clock: Clock }) {}

  async execute(updates: readonly AriUpdateCommand[], options: PushAriOptions = {}): Promise<Result<PushAriOutcome, InvalidArgument>> {
    if (updates.length === 0 || updates.length > MAX_ARI_UPDATES) {
      return err(invalidArgument([{ field: 'updates', description: `must hold 1 to ${MAX_ARI_UPDATES} updates` }]));
    }
    const results: (AriUpdateOutcome | undefined)[] = new Array(updates.length);
    const refuse = (index: number, r: AriRefusal) => (results[index] = { index, applied: false, refusal: r });
    const byHotel = new Map<string, number[]>();
    updates.forEach((u, index) => {
      const shapeError = checkUpdateShape(u);
      if (shapeError) return refuse(index, shapeError);
      const list = byHotel.get(u.hotelId) ?? [];
      list.push(index);
      byHotel.set(u.hotelId, list);
    });

    let nightsWritten = 0;
    for (const [hotelId, indexes] of byHotel) {
      options.signal?.throwIfAborted();
      const outcome = await this.deps.uow.run(hotelId, async (tx) => {
        const hotel = await tx.hotels.get(hotelId);
        if (!hotel?.isActive) {
          return ok({ refused: indexes.map((index) => ({ index, refusal: refusal('UNKNOWN_HOTEL', 'hotel_id', `hotel ${hotelId} not found`) })), nights: 0 });
        }
        const today = dateInZone(this.deps.clock.now(), hotel.timeZone);
        const roomTypes = new Set((await tx.hotels.listRoomTypes(hotelId)).filter((rt) => rt.active).map((rt) => rt.id));
        const plans = new Map<string, RatePlan | undefined>();
        const refused: { index: number; refusal: AriRefusal }[] = [];
        const plan: AriUpdatePlan[] = [];
        for (const index of indexes) {
          const u = updates[index] as AriUpdateCommand;
          if (!roomTypes.has(u.roomTypeId)) {
            refused.push({ index, refusal: refusal('UNKNOWN_ROOM_TYPE', 'room_type_id', `room type ${u.roomTypeId} not found in hotel ${hotelId}`) });
            continue;
          }
          if (u.ratePrices && u.ratePlanId) {
            if (!plans.has(u.ratePlanId)) plans.set(u.ratePlanId, await tx.ratePlans.get(hotelId, u.ratePlanId));
            if (plans.get(u.ratePlanId)?.roomTypeId !== u.roomTypeId) {
              refused.push({ index, refusal: refusal('UNKNOWN_RATE_PLAN', 'rate_plan_id', `rate plan ${u.ratePlanId} not found for room type ${u.roomTypeId}`) });
              continue;
            }
          }
          const range = parseUpdateRange(u, today);
          if (!range.ok) {
            refused.push({ index, refusal: range.error });
            continue;
          }
          plan.push({
            index,
            roomTypeId: u.roomTypeId,
            range: range.value,
            weekdayMask: weekdayMask(u.weekdays),
            ...(u.totalRooms !== undefined ? { totalRooms: u.totalRooms } : {}),
            ...(u.standardPriceMinor !== undefined ? { standardPriceMinor: u.standardPriceMinor } : {}),
            ...(u.ratePrices && u.ratePlanId ? { ratePrices: { ratePlanId: u.ratePlanId, ...u.ratePrices } } : {}),
            restrictions: u.restrictions,
          });
        }
        if (plan.length === 0) return ok({ refused, nights: 0 });
        const applied = await tx.ari.apply(
          { hotelId, currency: hotel.currency, overbookingPercent: hotel.overbookingPercent, updates: plan },
          options.deadlineAt !== undefined ? { deadlineAt: options.deadlineAt } : {},
        );
        for (const r of applied.refused) {
          const nights = r.nights.map((n) => n.date);
          refused.push({
            index: r.index,
            refusal: refusal(
              'INVENTORY_BELOW_RESERVED',
              'total_rooms',
              `total_rooms would leave fewer sellable rooms than are reserved on ${nights.slice(0, 5).join(', ')}${nights.length > 5 ? ', ...' : ''}`,
              r.nights,
            ),
          });
        }
        return ok({ refused, nights: applied.nightsWritten });
      });
      if (!outcome.ok) throw new Error('unreachable: PushAri units of work always commit');
      for (const r of outcome.value.refused) refuse(r.index, r.refusal);
      for (const index of indexes) results[index] ??= { index, applied: true };
      nightsWritten += outcome.value.nights;
    }
    return ok({ results: results.map((r, index) => r ?? { index, applied: true }), nightsWritten });
  }
}
