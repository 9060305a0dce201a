import { MemoryDatabase } from '../../src/adapters/memory/memory-database.js';
import { CreateHotel } from '../../src/core/admin/create-hotel.js';
import { CreateRoomType } from '../../src/core/admin/create-room-type.js';
import { GetInventory } from '../../src/core/admin/get-inventory.js';
import { SetInventory } from '../../src/core/admin/set-inventory.js';
import { DeleteHotel } from '../../src/core/admin/delete-hotel.js';
import { DeleteRoomType } from '../../src/core/admin/delete-room-type.js';
import { GetHotel } from '../../src/core/admin/get-hotel.js';
import { ListHotelReservations } from '../../src/core/admin/list-hotel-reservations.js';
import { ListHotels } from '../../src/core/admin/list-hotels.js';
import { UpdateHotel } from '../../src/core/admin/update-hotel.js';
import { UpdateRoomType } from '../../src/core/admin/update-room-type.js';
import { HmacPageTokens } from '../../src/adapters/system/hmac-page-tokens.js';
import { BookRoom } from '../../src/core/booking/book-room.js';
import { CancelReservation, PreviewCancellation } from '../../src/core/booking/cancel-reservation.js';
import { QuoteStay } from '../../src/core/booking/quote-stay.js';
import { ExpireHolds } from '../../src/core/booking/expire-holds.js';
import { FrontDesk } from '../../src/core/booking/front-desk.js';
import { HoldReservation } from '../../src/core/booking/hold-reservation.js';
import { ModifyReservation } from '../../src/core/booking/modify-reservation.js';
import { SetRestrictions } from '../../src/core/inventory/set-restrictions.js';
import { CreateRatePlan, ListRatePlans } from '../../src/core/rates/create-rate-plan.js';
import { SetRatePrices } from '../../src/core/rates/set-rate-prices.js';
import { GetReservation } from '../../src/core/booking/get-reservation.js';
import type { NewHotel } from '../../src/core/hotel/hotel.js';
import { SearchAvailability } from '../../src/core/search/search-availability.js';
import { aHotel } from './builders.js';
import { FakeClock } from './clock.js';
import { sequentialIds } from './sequential-ids.js';

/** Use cases wired to the in-memory adapters and a fake clock set to 2030-01-01 noon UTC. */
export function memoryApp(now = new Date('2030-01-01T12:00:00Z')) {
  const db = new MemoryDatabase();
  const clock = new FakeClock(now);
  const ids = sequentialIds();
  const deps = { uow: db, clock, ids };
  const pageTokens = new HmacPageTokens(Buffer.from('memory-app page token key, tests only'));
  const app = {
    db,
    clock,
    createHotel: new CreateHotel(deps),
    createRoomType: new CreateRoomType(deps),
    setInventory: new SetInventory(deps),
    getInventory: new GetInventory(deps),
    bookRoom: new BookRoom(deps),
    cancelReservation: new CancelReservation(deps),
    getReservation: new GetReservation(deps),
    previewCancellation: new PreviewCancellation(deps),
    quoteStay: new QuoteStay(deps),
    holdReservation: new HoldReservation(deps),
    modifyReservation: new ModifyReservation(deps),
    frontDesk: new FrontDesk(deps),
    expireHolds: new ExpireHolds({ uow: db, clock, holds: db }),
    createRatePlan: new CreateRatePlan(deps),
    listRatePlans: new ListRatePlans(deps),
    setRatePrices: new SetRatePrices(deps),
    setRestrictions: new SetRestrictions(deps),
    getHotel: new GetHotel(deps),
    updateHotel: new UpdateHotel(deps),
    deleteHotel: new DeleteHotel(deps),
    updateRoomType: new UpdateRoomType(deps),
    deleteRoomType: new DeleteRoomType(deps),
    listHotels: new ListHotels({ directory: db, pageTokens }),
    listHotelReservations: new ListHotelReservations({ uow: db, pageTokens }),
    search: new SearchAvailability({ hotels: db, availability: db, clock, pageTokens }),

    /** A hotel with one room type sleeping 3, `rooms` rooms at `priceMinor` a night from `from` (default 2030-01-01) to the end of 2030. */
    async hotelWithRooms(rooms: number, opts: { priceMinor?: number; hotel?: Partial<NewHotel>; from?: string } = {}) {
      const hotel = unwrapOk(await app.createHotel.execute(aHotel(opts.hotel)));
      const roomType = unwrapOk(await app.createRoomType.execute({ hotelId: hotel.id, name: 'Double', maxGuests: 3, amenities: [] }));
      unwrapOk(
        await app.setInventory.execute({
          hotelId: hotel.id,
          roomTypeId: roomType.id,
          from: opts.from ?? '2030-01-01',
          to: '2031-01-01',
          totalRooms: rooms,
          nightlyPriceMinor: opts.priceMinor ?? 12_000,
        }),
      );
      return { hotel, roomType };
    },
  };
  return app;
}

export function unwrapOk<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}
