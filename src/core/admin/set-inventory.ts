import { parseInventoryRange } from './inventory-window.js';
import { Money } from '../money/money.js';
import { notFound, Violations, type InvalidArgument, type InventoryBelowReserved, type NotFound } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import type { Clock } from '../../ports/clock.js';
import type { UnitOfWork } from '../../ports/unit-of-work.js';

export interface SetInventoryCommand {
  readonly hotelId: string;
  readonly roomTypeId: string;
  /** First night, YYYY-MM-DD. */
  readonly from: string;
  /** Day after the last night, YYYY-MM-DD. */
  readonly to: string;
  readonly totalRooms: number;
  readonly nightlyPriceMinor: number;
}

export const MAX_ROOMS_PER_TYPE = 10_000;
export const MAX_NIGHTLY_PRICE_MINOR = 100_000_000;

/** Sets total rooms and price for a range of nights of one room type; all nights or none. */
export class SetInventory {
  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly clock: Clock }) {}

  async execute(c: SetInventoryCommand): Promise<Result<number, InvalidArgument | NotFound | InventoryBelowReserved>> {
    const v = new Violations();
    v.require(Number.isInteger(c.totalRooms) && c.totalRooms >= 0 && c.totalRooms <= MAX_ROOMS_PER_TYPE, 'total_rooms', `must be from 0 to ${MAX_ROOMS_PER_TYPE}`);
    v.require(
      Number.isSafeInteger(c.nightlyPriceMinor) && c.nightlyPriceMinor > 0 && c.nightlyPriceMinor <= MAX_NIGHTLY_PRICE_MINOR,
      'nightly_price_minor',
      `must be greater than 0 and at most ${MAX_NIGHTLY_PRICE_MINOR}`,
    );
    if (!v.isEmpty) return err(v.toError());

    return this.deps.uow.run(c.hotelId, async (tx): Promise<Result<number, InvalidArgument | NotFound | InventoryBelowReserved>> => {
      const hotel = await tx.hotels.get(c.hotelId);
      if (!hotel) return err(notFound('hotel', c.hotelId));
      if (!(await tx.hotels.getRoomType(hotel.id, c.roomTypeId))) return err(notFound('room_type', c.roomTypeId));
      const range = parseInventoryRange(hotel, c.from, c.to, this.deps.clock.now(), false);
      if (!range.ok) return range;
      const written = await tx.inventory.setNights({
        hotelId: hotel.id,
        roomTypeId: c.roomTypeId,
        nights: range.value,
        totalRooms: c.totalRooms,
        price: Money.of(c.nightlyPriceMinor, hotel.currency),
        overbookingPercent: hotel.overbookingPercent,
      });
      if (!written.ok) {
        return err({
          code: 'INVENTORY_BELOW_RESERVED',
          nights: written.error.nights.map((n) => ({ date: n.date.toString(), reserved: n.reserved })),
        });
      }
      return ok(written.value);
    });
  }
}
