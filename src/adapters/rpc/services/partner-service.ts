import { create } from '@bufbuild/protobuf';
import { Code, ConnectError, type HandlerContext, type ServiceImpl } from '@connectrpc/connect';
import type { AriErrorReason, AriUpdateCommand } from '../../../core/partner/ari-update.js';
import type { PushAri } from '../../../core/partner/push-ari.js';
import {
  AriErrorReason as AriErrorReasonMessage,
  PushAriResponseSchema,
  type AriUpdate,
  type PartnerService,
} from '../../../gen/hotel/v1/partner_service_pb.js';
import { toSafeNumber } from '../messages.js';
import { unwrap } from '../results.js';

export interface PartnerUseCases {
  readonly pushAri: PushAri;
}

const REASON: Record<AriErrorReason, AriErrorReasonMessage> = {
  PAST_DATES: AriErrorReasonMessage.PAST_DATES,
  INVALID_DATE_RANGE: AriErrorReasonMessage.INVALID_DATE_RANGE,
  UNKNOWN_HOTEL: AriErrorReasonMessage.UNKNOWN_HOTEL,
  UNKNOWN_ROOM_TYPE: AriErrorReasonMessage.UNKNOWN_ROOM_TYPE,
  UNKNOWN_RATE_PLAN: AriErrorReasonMessage.UNKNOWN_RATE_PLAN,
  MAX_STAY_BELOW_MIN_STAY: AriErrorReasonMessage.MAX_STAY_BELOW_MIN_STAY,
  INVALID_PRICE: AriErrorReasonMessage.INVALID_PRICE,
  INVENTORY_BELOW_RESERVED: AriErrorReasonMessage.INVENTORY_BELOW_RESERVED,
  NOTHING_TO_UPDATE: AriErrorReasonMessage.NOTHING_TO_UPDATE,
};

/** PartnerService.PushAri: proto updates -> commands -> use case -> a result per update. */
export function pushAriHandlers(uc: PartnerUseCases): Pick<ServiceImpl<typeof PartnerService>, 'pushAri'> {
  return {
    async pushAri(req, ctx) {
      const outcome = await whileAlive(ctx, () => uc.pushAri.execute(req.updates.map(toCommand), deadlineOf(ctx)));
      const value = unwrap(outcome);
      const refused = value.results.filter((r) => !r.applied).length;
      return create(PushAriResponseSchema, {
        applied: value.results.length - refused,
        refused,
        results: value.results.map((r) =>
          r.applied
            ? { index: r.index, applied: true }
            : {
                index: r.index,
                applied: false,
                error: { reason: REASON[r.refusal.reason], field: r.refusal.field, message: r.refusal.message, nights: r.refusal.nights.map((n) => n.date) },
              },
        ),
      });
    },
  };
}

function toCommand(u: AriUpdate): AriUpdateCommand {
  const stayLimit = (n: number) => (n === 0 ? null : n);
  return {
    hotelId: u.hotelId,
    roomTypeId: u.roomTypeId,
    ratePlanId: u.ratePlanId === '' ? null : u.ratePlanId,
    from: u.from,
    to: u.to,
    weekdays: u.weekdays.map(Number),
    ...(u.totalRooms !== undefined ? { totalRooms: u.totalRooms } : {}),
    ...(u.standardPriceMinor !== undefined ? { standardPriceMinor: toSafeNumber(u.standardPriceMinor) } : {}),
    ...(u.prices ? { ratePrices: { pricesByAdultsMinor: u.prices.pricesByAdultsMinor.map(toSafeNumber), extraChildMinor: toSafeNumber(u.prices.extraChildMinor) } } : {}),
    restrictions: {
      ...(u.stopSell !== undefined ? { stopSell: u.stopSell } : {}),
      ...(u.closedToArrival !== undefined ? { closedToArrival: u.closedToArrival } : {}),
      ...(u.closedToDeparture !== undefined ? { closedToDeparture: u.closedToDeparture } : {}),
      ...(u.minStay !== undefined ? { minStay: stayLimit(u.minStay) } : {}),
      ...(u.maxStay !== undefined ? { maxStay: stayLimit(u.maxStay) } : {}),
    },
  };
}

/** The client's deadline (if it sent one) and its cancellation, for the use case to honour. */
function deadlineOf(ctx: HandlerContext): { signal: AbortSignal; deadlineAt?: number } {
  const remaining = ctx.timeoutMs();
  return remaining === undefined ? { signal: ctx.signal } : { signal: ctx.signal, deadlineAt: Date.now() + remaining };
}

/** Runs work; if the client's deadline passed or it cancelled meanwhile, says so rather than reporting the cancelled statement as a fault. */
async function whileAlive<T>(ctx: HandlerContext, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (ctx.signal.aborted || (ctx.timeoutMs() ?? 1) <= 0) {
      throw new ConnectError('the deadline passed: the work was cancelled and rolled back', Code.DeadlineExceeded, undefined, undefined, error);
    }
    throw error;
  }
}
