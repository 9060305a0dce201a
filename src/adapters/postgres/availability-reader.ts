import type { EntityManager } from '@mikro-orm/postgresql';
import type { InventoryNight } from '../../core/inventory/inventory-night.js';
import type { DateRange } from '../../core/time/date-range.js';
import type { AvailabilityReader, RoomTypeRef } from '../../ports/availability-reader.js';
import { INVENTORY_COLUMNS, toDomain } from './inventory-night.mapper.js';
import type { InventoryNightRow } from './records/inventory-night.record.js';
import { arrayLiteral } from './sql-values.js';

// Two parallel arrays unnested into (hotel_id, room_type_id) pairs: one query for any number of room types.
const NIGHTS_SQL = `
select ${INVENTORY_COLUMNS}
  from inventory
  join unnest(:hotelIds::text[], :roomTypeIds::text[]) as wanted (hotel_id, room_type_id) using (hotel_id, room_type_id)
 where night >= :from::date and night < :to::date`;

/** Reads outside any transaction (autocommit): a snapshot that booking re-checks atomically. */
export class PostgresAvailabilityReader implements AvailabilityReader {
  constructor(private readonly em: EntityManager) {}

  async nights(roomTypes: readonly RoomTypeRef[], stay: DateRange): Promise<InventoryNight[]> {
    const unique = new Map(roomTypes.map((ref) => [JSON.stringify([ref.hotelId, ref.roomTypeId]), ref]));
    if (unique.size === 0) return [];
    const refs = [...unique.values()];
    const rows = await this.em.fork({ clear: true }).execute<InventoryNightRow[]>(NIGHTS_SQL, {
      hotelIds: arrayLiteral(refs.map((ref) => ref.hotelId)),
      roomTypeIds: arrayLiteral(refs.map((ref) => ref.roomTypeId)),
      from: stay.checkIn.toString(),
      to: stay.checkOut.toString(),
    });
    return rows.map(toDomain);
  }
}
