import { parseInventoryRange } from './inventory-window.js';
import type { InventoryNight } from '../inventory/inventory-night.js';
import { notFound, type InvalidArgument, type NotFound } from '../shared/errors.js';
import { err, type Result, ok } from '../shared/result.js';
import type { Clock } from '../../ports/clock.js';
import type { UnitOfWork } from '../../ports/unit-of-work.js';

export class GetInventory {
  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly clock: Clock }) {}

  async execute(hotelId: string, roomTypeId: string, from: string, to: string): Promise<Result<InventoryNight[], InvalidArgument | NotFound>> {
    return this.deps.uow.run(hotelId, async (tx): Promise<Result<InventoryNight[], InvalidArgument | NotFound>> => {
      const hotel = await tx.hotels.get(hotelId);
      if (!hotel) return err(notFound('hotel', hotelId));
      if (!(await tx.hotels.getRoomType(hotel.id, roomTypeId))) return err(notFound('room_type', roomTypeId));
      const range = parseInventoryRange(hotel, from, to, this.deps.clock.now(), true);
      if (!range.ok) return range;
      return ok(await tx.inventory.list(hotel.id, roomTypeId, range.value));
    });
  }
}
