import type { EntityManager } from '@mikro-orm/postgresql';
import type { InventoryNight } from '../../core/inventory/inventory-night.js';
import type { DateRange } from '../../core/time/date-range.js';
import type { AvailabilityReader, RoomTypeRef } from '../../ports/availability-reader.js';
import { INVENTORY_COLUMNS, toDomain } from './inventory-night.mapper.js';
import type { InventoryNightRow } from './records/inventory-night.record.js';
import { arrayLiteral } from './sql-values.js';

// Two parallel arrays unnested into (hotel_id, room_type_id) pairs: one query for any number of room types.
// The nights of the stay and the departure day (night <= to), as booking reads them: its closed-to-departure counts.
const NIGHTS_SQL = `
select ${INVENTORY_COLUMNS}
  from inventory
  join unnest(:hotelIds::text[], :roomTypeIds::text[]) as wanted (hotel_id, room_type_id) using (hotel_id, room_type_id)
 where night >= :from::date and night <= :to::date`;

/** Reads outside any transaction (autocommit): a snapshot that booking re-checks atomically. */
export class PostgresAvailabilityReader implements AvailabilityReader {
  constructor(private readonly em: EntityManager) {}

  async nightsByRoomType(roomTypes: readonly RoomTypeRef[], stay: DateRange): Promise<(readonly InventoryNight[])[]> {
    // Each room type's nights, by hotel id then room type id; asked once each.
    const found = new Map<string, Map<string, InventoryNight[]>>();
    const refs: RoomTypeRef[] = [];
    for (const ref of roomTypes) {
      let ofHotel = found.get(ref.hotelId);
      if (!ofHotel) found.set(ref.hotelId, (ofHotel = new Map()));
      if (ofHotel.has(ref.roomTypeId)) continue;
      ofHotel.set(ref.roomTypeId, []);
      refs.push(ref);
    }
    if (refs.length === 0) return [];
    const rows = await this.em.fork({ clear: true }).execute<InventoryNightRow[]>(NIGHTS_SQL, {
      hotelIds: arrayLiteral(refs.map((ref) => ref.hotelId)),
      roomTypeIds: arrayLiteral(refs.map((ref) => ref.roomTypeId)),
      from: stay.checkIn.toString(),
      to: stay.checkOut.toString(),
    });
    for (const row of rows) {
      const night = toDomain(row);
      found.get(night.hotelId)?.get(night.roomTypeId)?.push(night);
    }
    return roomTypes.map((ref) => found.get(ref.hotelId)!.get(ref.roomTypeId)!);
  }
}
