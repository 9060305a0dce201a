import { Hotel, type NewHotel } from '../../../../src/core/hotel/hotel.js';
import { RoomType } from '../../../../src/core/hotel/room-type.js';
import { Money } from '../../../../src/core/money/money.js';
import { ok, type Result } from '../../../../src/core/shared/result.js';
import { DateRange } from '../../../../src/core/time/date-range.js';
import { CalendarDate } from '../../../../src/core/time/calendar-date.js';
import { randomIdGenerator } from '../../../../src/adapters/system/random-id-generator.js';
import type { UnitOfWork } from '../../../../src/ports/unit-of-work.js';
import { aHotel } from '../../../support/builders.js';

export interface SeededHotel {
  readonly hotelId: string;
  readonly roomTypeId: string;
}

/** Today for these tests: stays in June 2030 are in the future and within the booking window. */
export const NOW = new Date('2030-01-15T12:00:00Z');

export function range(from: string, to: string): DateRange {
  const stay = DateRange.of(CalendarDate.parse(from) as CalendarDate, CalendarDate.parse(to) as CalendarDate);
  if (!stay) throw new Error(`bad range ${from}..${to}`);
  return stay;
}

/** A hotel with the given id (so the test picks its shard), one room type, and `rooms` rooms on every night of `nights`. */
export async function seedHotel(
  uow: UnitOfWork,
  hotelId: string,
  options: { rooms: number; nights?: DateRange; hotel?: Partial<NewHotel> } = { rooms: 1 },
): Promise<SeededHotel> {
  const hotel = Hotel.create(hotelId, aHotel(options.hotel));
  if (!hotel.ok) throw new Error(JSON.stringify(hotel.error));
  const roomType = RoomType.create(randomIdGenerator.roomTypeId(hotelId), { hotelId, name: 'Double', maxGuests: 2, amenities: [] });
  if (!roomType.ok) throw new Error(JSON.stringify(roomType.error));
  const nights = options.nights ?? range('2030-06-01', '2030-06-11');
  const done = await uow.run(hotelId, async (tx): Promise<Result<void, unknown>> => {
    await tx.hotels.add(hotel.value);
    await tx.hotels.addRoomType(roomType.value);
    const set = await tx.inventory.setNights({
      hotelId,
      roomTypeId: roomType.value.id,
      nights,
      totalRooms: options.rooms,
      price: Money.of(10_000, hotel.value.currency),
      overbookingPercent: hotel.value.overbookingPercent,
    });
    if (!set.ok) throw new Error('setNights refused');
    return ok(undefined);
  });
  if (!done.ok) throw new Error('seed failed');
  return { hotelId, roomTypeId: roomType.value.id };
}

/**
 * Nights that break the inventory invariant on one shard: reserved above the sellable rooms, or not
 * equal to the number of live reservations (not cancelled, not an expired hold) covering the night.
 * Empty when the shard is consistent.
 */
export const INVARIANT_SQL = `
select i.hotel_id, i.room_type_id, i.night::text as night, i.total_rooms, i.reserved, h.overbooking_percent,
       (select count(*)::int
          from reservations as r
         where r.hotel_id = i.hotel_id and r.room_type_id = i.room_type_id
           and r.status not in ('CANCELLED', 'EXPIRED') and r.check_in <= i.night and i.night < r.check_out) as live
  from inventory as i
  join hotels as h on h.id = i.hotel_id
 where i.reserved > (i.total_rooms * (100 + h.overbooking_percent)) / 100
    or i.reserved <> (select count(*)
                        from reservations as r
                       where r.hotel_id = i.hotel_id and r.room_type_id = i.room_type_id
                         and r.status not in ('CANCELLED', 'EXPIRED') and r.check_in <= i.night and i.night < r.check_out)`;
