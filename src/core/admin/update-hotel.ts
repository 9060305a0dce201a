import { INVENTORY_RULES } from './inventory-window.js';
import { catalogEvent } from '../events/domain-event.js';
import type { Hotel, HotelChange } from '../hotel/hotel.js';
import { sellableRooms } from '../inventory/inventory-night.js';
import { invalidArgument, notFound, type InvalidArgument, type InventoryBelowReserved, type NotFound } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { DateRange } from '../time/date-range.js';
import { dateInZone } from '../time/time-zone.js';
import type { Clock } from '../../ports/clock.js';
import type { IdGenerator } from '../../ports/id-generator.js';
import type { TransactionScope, UnitOfWork } from '../../ports/unit-of-work.js';

export type UpdateHotelError = InvalidArgument | NotFound | InventoryBelowReserved;

/**
 * Changes any subset of a hotel's editable fields, validated like a new hotel. A deleted hotel
 * cannot be changed (NOT_FOUND). Lowering the overbooking allowance is refused, naming the nights,
 * where rooms already reserved would exceed the new sellable count.
 */
export class UpdateHotel {
  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly clock: Clock; readonly ids: IdGenerator }) {}

  async execute(hotelId: string, change: HotelChange): Promise<Result<Hotel, UpdateHotelError>> {
    if (hotelId.length === 0) return err(invalidArgument([{ field: 'hotel_id', description: 'is required' }]));
    return this.deps.uow.run(hotelId, async (tx): Promise<Result<Hotel, UpdateHotelError>> => {
      // Locked: a booking in flight either commits first (and is counted below) or sees the new allowance.
      const hotel = await tx.hotels.getForUpdate(hotelId);
      if (!hotel?.isActive) return err(notFound('hotel', hotelId));
      const updated = hotel.update(change);
      if (!updated.ok) return updated;
      const now = this.deps.clock.now();
      if (updated.value.overbookingPercent < hotel.overbookingPercent) {
        const over = await nightsOverAllowance(tx, updated.value, now);
        if (over.length > 0) return err({ code: 'INVENTORY_BELOW_RESERVED', nights: over });
      }
      await tx.hotels.update(updated.value);
      await tx.outbox.append([catalogEvent(this.deps.ids.eventId(), 'hotel.updated', { hotelId: hotel.id, roomTypeId: null }, now)]);
      return ok(updated.value);
    });
  }
}

/** Nights from the hotel's today on where reservations exceed what the hotel's allowance lets it sell. */
async function nightsOverAllowance(tx: TransactionScope, hotel: Hotel, now: Date): Promise<{ date: string; reserved: number }[]> {
  const today = dateInZone(now, hotel.timeZone);
  const window = DateRange.of(today, today.addDays(INVENTORY_RULES.maxDaysAhead + 1)) as DateRange;
  const over = new Map<string, number>();
  for (const roomType of await tx.hotels.listRoomTypes(hotel.id)) {
    for (const night of await tx.inventory.list(hotel.id, roomType.id, window)) {
      if (night.reserved > sellableRooms(night.totalRooms, hotel.overbookingPercent)) {
        const date = night.date.toString();
        over.set(date, Math.max(over.get(date) ?? 0, night.reserved));
      }
    }
  }
  return [...over].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, reserved]) => ({ date, reserved }));
}
