import type { InventoryNight } from '../../core/inventory/inventory-night.js';
import { Money } from '../../core/money/money.js';
import type { InventoryNightRow } from './records/inventory-night.record.js';
import { toCalendarDate, toSafeInteger } from './sql-values.js';

/** Inventory is read with raw SQL, so the mapper starts from the raw row. */
export function toDomain(row: InventoryNightRow): InventoryNight {
  return {
    hotelId: row.hotel_id,
    roomTypeId: row.room_type_id,
    date: toCalendarDate(row.night),
    totalRooms: row.total_rooms,
    reserved: row.reserved,
    price: Money.of(toSafeInteger(row.price_minor), row.currency),
    restrictions: {
      stopSell: row.stop_sell,
      closedToArrival: row.closed_to_arrival,
      closedToDeparture: row.closed_to_departure,
      minStay: row.min_stay,
      maxStay: row.max_stay,
    },
  };
}

/** The columns `toDomain` needs, for SELECT lists. */
export const INVENTORY_COLUMNS =
  'hotel_id, room_type_id, night::text as night, total_rooms, reserved, price_minor, currency, stop_sell, closed_to_arrival, closed_to_departure, min_stay, max_stay';
