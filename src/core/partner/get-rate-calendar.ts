import { parseInventoryRange } from '../admin/inventory-window.js';
import type { RoomType } from '../hotel/room-type.js';
import { availableRooms, type InventoryNight } from '../inventory/inventory-night.js';
import type { NightRate } from '../rates/pricing.js';
import type { RatePlan } from '../rates/rate-plan.js';
import { notFound, type InvalidArgument, type NotFound } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import type { Clock } from '../../ports/clock.js';
import type { UnitOfWork } from '../../ports/unit-of-work.js';

export interface CalendarNight {
  readonly night: InventoryNight;
  /** Rooms for sale: the overbooking allowance minus reservations; 0 when stop-sold. */
  readonly available: number;
  /** Lowest price of the night for one adult over the standard rate and every rate plan. */
  readonly lowestPriceMinor: number;
}

export interface RoomTypeCalendar {
  readonly roomType: RoomType;
  readonly nights: readonly CalendarNight[];
  readonly ratePlans: readonly { readonly plan: RatePlan; readonly nights: readonly NightRate[] }[];
}

export interface RateCalendar {
  readonly hotelId: string;
  readonly currency: string;
  readonly roomTypes: readonly RoomTypeCalendar[];
}

export const lowestPrice = (rate: NightRate): number => Math.min(...rate.pricesByAdultsMinor);

/** A hotel's availability, restrictions and prices per room type and rate plan over up to 366 nights. */
export class GetRateCalendar {
  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly clock: Clock }) {}

  execute(hotelId: string, from: string, to: string): Promise<Result<RateCalendar, InvalidArgument | NotFound>> {
    return this.deps.uow.run(hotelId, async (tx): Promise<Result<RateCalendar, InvalidArgument | NotFound>> => {
      const hotel = await tx.hotels.get(hotelId);
      if (!hotel?.isActive) return err(notFound('hotel', hotelId));
      const range = parseInventoryRange(hotel, from, to, this.deps.clock.now(), true);
      if (!range.ok) return range;
      const roomTypes: RoomTypeCalendar[] = [];
      for (const roomType of (await tx.hotels.listRoomTypes(hotelId)).filter((rt) => rt.active)) {
        const ratePlans = [];
        for (const plan of await tx.ratePlans.listForRoomType(hotelId, roomType.id)) {
          ratePlans.push({ plan, nights: await tx.ratePlans.prices(hotelId, plan.id, range.value) });
        }
        const planLowest = new Map<number, number>();
        for (const { nights } of ratePlans) {
          for (const rate of nights) planLowest.set(rate.date.epochDay, Math.min(planLowest.get(rate.date.epochDay) ?? Infinity, lowestPrice(rate)));
        }
        const nights = (await tx.inventory.list(hotelId, roomType.id, range.value)).map((night) => ({
          night,
          available: night.restrictions.stopSell ? 0 : availableRooms(night, hotel.overbookingPercent),
          lowestPriceMinor: Math.min(night.price.amountMinor, planLowest.get(night.date.epochDay) ?? Infinity),
        }));
        roomTypes.push({ roomType, nights, ratePlans });
      }
      return ok({ hotelId, currency: hotel.currency, roomTypes });
    });
  }
}
