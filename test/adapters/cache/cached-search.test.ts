import { STAFF } from '../../support/builders.js';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { CachingAvailabilityReader } from '../../../src/adapters/cache/caching-availability-reader.js';
import { invalidatingAvailability } from '../../../src/adapters/cache/invalidating-unit-of-work.js';
import { MemoryAvailabilityCache } from '../../../src/adapters/cache/memory-availability-cache.js';
import { connectRedisAvailabilityCache } from '../../../src/adapters/cache/redis-availability-cache.js';
import { MemoryDatabase } from '../../../src/adapters/memory/memory-database.js';
import { HmacPageTokens } from '../../../src/adapters/system/hmac-page-tokens.js';
import { CreateHotel } from '../../../src/core/admin/create-hotel.js';
import { CreateRoomType } from '../../../src/core/admin/create-room-type.js';
import { SetInventory } from '../../../src/core/admin/set-inventory.js';
import { BookRoom } from '../../../src/core/booking/book-room.js';
import { CancelReservation } from '../../../src/core/booking/cancel-reservation.js';
import { SetRestrictions } from '../../../src/core/inventory/set-restrictions.js';
import { SearchAvailability } from '../../../src/core/search/search-availability.js';
import type { AvailabilityCache } from '../../../src/ports/availability-cache.js';
import { range } from '../../contract/persistence-fixtures.js';
import { aBooking, aHotel } from '../../support/builders.js';
import { FakeClock } from '../../support/clock.js';
import { unwrapOk } from '../../support/memory-app.js';
import { REDIS_URL } from '../../support/redis.js';
import { sequentialIds } from '../../support/sequential-ids.js';

// Search reads availability through the cache; every use case writes through the invalidating unit
// of work. A long TTL, so that only invalidation can make a change visible.
const TTL_MS = 600_000;
const STAY = { checkIn: '2030-06-01', checkOut: '2030-06-03' };

function stack(cache: AvailabilityCache) {
  const db = new MemoryDatabase();
  const clock = new FakeClock(new Date('2030-01-01T12:00:00Z'));
  const ids = sequentialIds();
  const deps = { uow: invalidatingAvailability(db, cache), clock, ids };
  const availability = new CachingAvailabilityReader(db, cache);
  return {
    db,
    availability,
    createHotel: new CreateHotel(deps),
    createRoomType: new CreateRoomType(deps),
    setInventory: new SetInventory(deps),
    setRestrictions: new SetRestrictions(deps),
    bookRoom: new BookRoom(deps),
    cancel: new CancelReservation(deps),
    search: new SearchAvailability({ hotels: db, availability, clock, pageTokens: new HmacPageTokens() }),
  };
}

const redisPrefixes: string[] = [];
afterAll(async () => {
  const admin = new Redis(REDIS_URL);
  for (const prefix of redisPrefixes) {
    const keys = await admin.keys(`${prefix}:*`);
    if (keys.length > 0) await admin.del(keys);
  }
  await admin.quit();
});

const caches: [string, () => Promise<{ cache: AvailabilityCache; close(): Promise<void> }>][] = [
  ['in-memory', async () => ({ cache: new MemoryAvailabilityCache({ ttlMs: TTL_MS }), close: async () => undefined })],
  [
    'Redis',
    async () => {
      const prefix = `test-search-${process.pid}-${randomBytes(4).toString('hex')}`;
      redisPrefixes.push(prefix);
      return connectRedisAvailabilityCache({ url: REDIS_URL, prefix, ttlMs: TTL_MS });
    },
  ],
];

describe.each(caches)('search through the %s availability cache', (_name, connect) => {
  async function setup() {
    const { cache, close } = await connect();
    const app = stack(cache);
    const hotel = unwrapOk(await app.createHotel.execute(aHotel()));
    const roomType = unwrapOk(await app.createRoomType.execute({ hotelId: hotel.id, name: 'Double', maxGuests: 2, amenities: [] }));
    unwrapOk(await app.setInventory.execute({ hotelId: hotel.id, roomTypeId: roomType.id, from: '2030-05-01', to: '2030-07-01', totalRooms: 1, nightlyPriceMinor: 10_000 }));
    const bookable = async () =>
      unwrapOk(await app.search.execute({ area: { kind: 'city', city: 'Paris' }, ...STAY, guests: 2, amenities: [], pageSize: 0 })).flatMap((o) => o.rooms.map((r) => r.roomsAvailable));
    /** Polls until `expected` is what search shows, failing after 1 s: the promise for reopened rooms. */
    const within1s = async (expected: number[]) => {
      const deadline = Date.now() + 1_000;
      while (JSON.stringify(await bookable()) !== JSON.stringify(expected) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(await bookable()).toEqual(expected);
    };
    return { app, cache, close, hotel, roomType, bookable, within1s };
  }

  it('really caches: a change that bypasses the invalidating unit of work stays unseen', async () => {
    const { app, close, hotel, roomType, bookable } = await setup();
    expect(await bookable()).toEqual([1]);
    // Straight to the database, as no use case ever writes: the cache keeps answering the old snapshot.
    await app.db.run(hotel.id, async (tx) => {
      const reserved = await tx.inventory.reserve({ hotelId: hotel.id, roomTypeId: roomType.id, stay: range(STAY.checkIn, STAY.checkOut), rooms: 1 }, 0);
      return reserved.ok ? { ok: true as const, value: undefined } : { ok: false as const, error: reserved.error };
    });
    expect(await bookable()).toEqual([1]);
    await close();
  });

  it('never shows the room type just sold out: book the last room, search at once', async () => {
    const { app, close, hotel, roomType, bookable } = await setup();
    expect(await bookable()).toEqual([1]); // cached now
    unwrapOk(await app.bookRoom.execute(aBooking(hotel.id, roomType.id, { ...STAY, guests: 2 })));
    expect(await bookable()).toEqual([]);
    await close();
  });

  it('shows a room type again within 1 s when a cancellation, an ARI push or a lifted stop-sell reopens it', async () => {
    const { app, close, hotel, roomType, bookable, within1s } = await setup();
    const booked = unwrapOk(await app.bookRoom.execute(aBooking(hotel.id, roomType.id, { ...STAY, guests: 2 })));
    expect(await bookable()).toEqual([]);
    unwrapOk(await app.cancel.execute(booked.reservation.id, STAFF));
    await within1s([1]);

    unwrapOk(await app.setInventory.execute({ hotelId: hotel.id, roomTypeId: roomType.id, from: '2030-05-01', to: '2030-07-01', totalRooms: 3, nightlyPriceMinor: 10_000 }));
    await within1s([3]);

    unwrapOk(await app.setRestrictions.execute({ hotelId: hotel.id, roomTypeId: roomType.id, from: STAY.checkIn, to: STAY.checkOut, change: { stopSell: true } }));
    expect(await bookable()).toEqual([]);
    unwrapOk(await app.setRestrictions.execute({ hotelId: hotel.id, roomTypeId: roomType.id, from: STAY.checkIn, to: STAY.checkOut, change: { stopSell: false } }));
    await within1s([3]);
    await close();
  });
});
