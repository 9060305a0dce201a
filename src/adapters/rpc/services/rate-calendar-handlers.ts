import { create } from '@bufbuild/protobuf';
import type { ServiceImpl } from '@connectrpc/connect';
import { Money } from '../../../core/money/money.js';
import { lowestPrice, type GetRateCalendar } from '../../../core/partner/get-rate-calendar.js';
import { GetRateCalendarResponseSchema } from '../../../gen/hotel/v1/rate_calendar_pb.js';
import type { SearchService } from '../../../gen/hotel/v1/search_service_pb.js';
import { moneyMessage } from '../messages.js';
import { unwrap } from '../results.js';

/** SearchService.GetRateCalendar. */
export function rateCalendarHandlers(getRateCalendar: GetRateCalendar): Pick<ServiceImpl<typeof SearchService>, 'getRateCalendar'> {
  return {
    async getRateCalendar(req) {
      const calendar = unwrap(await getRateCalendar.execute(req.hotelId, req.from, req.to));
      const money = (minor: number) => moneyMessage(Money.of(minor, calendar.currency));
      return create(GetRateCalendarResponseSchema, {
        hotelId: calendar.hotelId,
        currencyCode: calendar.currency,
        roomTypes: calendar.roomTypes.map((rt) => ({
          roomTypeId: rt.roomType.id,
          name: rt.roomType.name,
          nights: rt.nights.map(({ night, available, lowestPriceMinor }) => ({
            date: night.date.toString(),
            totalRooms: night.totalRooms,
            reserved: night.reserved,
            available,
            standardPrice: moneyMessage(night.price),
            stopSell: night.restrictions.stopSell,
            closedToArrival: night.restrictions.closedToArrival,
            closedToDeparture: night.restrictions.closedToDeparture,
            minStay: night.restrictions.minStay ?? 0,
            maxStay: night.restrictions.maxStay ?? 0,
            lowestPrice: money(lowestPriceMinor),
          })),
          ratePlans: rt.ratePlans.map(({ plan, nights }) => ({
            ratePlanId: plan.id,
            name: plan.name,
            nights: nights.map((rate) => ({
              date: rate.date.toString(),
              pricesByAdultsMinor: rate.pricesByAdultsMinor.map(BigInt),
              extraChildMinor: BigInt(rate.extraChildMinor),
              lowestPriceMinor: BigInt(lowestPrice(rate)),
            })),
          })),
        })),
      });
    },
  };
}
