import { describe, expect, it } from 'vitest';
import { CachingHotelSearch, candidateQueryKey, notifyingIndex } from '../../../src/adapters/cache/caching-hotel-search.js';
import { invalidatingAvailability, invalidatingCatalog } from '../../../src/adapters/cache/invalidating-unit-of-work.js';
import { MemoryAvailabilityCache } from '../../../src/adapters/cache/memory-availability-cache.js';
import { CachingAvailabilityReader } from '../../../src/adapters/cache/caching-availability-reader.js';
import { MemoryDatabase } from '../../../src/adapters/memory/memory-database.js';
import { HmacPageTokens } from '../../../src/adapters/system/hmac-page-tokens.js';
import { CreateHotel } from '../../../src/core/admin/create-hotel.js';
import { CreateRoomType } from '../../../src/core/admin/create-room-type.js';
import { DeleteHotel } from '../../../src/core/admin/delete-hotel.js';
import { DeleteRoomType } from '../../../src/core/admin/delete-room-type.js';
import { UpdateHotel } from '../../../src/core/admin/update-hotel.js';
import { SetInventory } from '../../../src/core/admin/set-inventory.js';
import { BookRoom } from '../../../src/core/booking/book-room.js';
import { SearchAvailability } from '../../../src/core/search/search-availability.js';
import { IndexHotel } from '../../../src/core/search/index-hotel.js';
import type { Candidate, CandidateQuery, HotelSearch } from '../../../src/ports/hotel-search.js';
import type { HotelIndex, IndexedHotel } from '../../../src/ports/hotel-index.js';
import { aBooking, aHotel } from '../../support/builders.js';
import { FakeClock } from '../../support/clock.js';
import { unwrapOk } from '../../support/memory-app.js';
import { sequentialIds } from '../../support/sequential-ids.js';
import { randomIdGenerator } from '../../../src/adapters/system/random-id-generator.js';

// A TTL far longer than any test: only invalidation (or the clock, moved by hand) can make a change visible.
const TTL_MS = 600_000;
const STAY = { checkIn: '2030-06-01', checkOut: '2030-06-03' };
// What SearchAvailability asks for a first page of 20 (it overfetches candidates 3 times).
const PARIS: CandidateQuery = { area: { kind: 'city', city: 'Paris' }, amenities: [], guests: 2, order: 'area', limit: 60 };

/** The in-memory index, counting the queries that reach it. */
function counted(inner: HotelSearch): HotelSearch & { calls: number } {
  const counter = {
    calls: 0,
    findCandidates(q: CandidateQuery) {
      counter.calls++;
      return inner.findCandidates(q);
    },
  };
  return counter;
}

function stack() {
  const db = new MemoryDatabase();
  const clock = new FakeClock(new Date('2030-01-01T12:00:00Z'));
  const index = counted(db);
  const candidates = new CachingHotelSearch(index, { ttlMs: TTL_MS, now: () => clock.now().getTime() });
  const availabilityCache = new MemoryAvailabilityCache({ ttlMs: TTL_MS, now: () => clock.now().getTime() });
  // Wired as in start-app: catalog writes invalidate the candidates, inventory writes the availability.
  const uow = invalidatingCatalog(invalidatingAvailability(db, availabilityCache), () => candidates.invalidate());
  const deps = { uow, clock, ids: sequentialIds() };
  const search = new SearchAvailability({ hotels: candidates, availability: new CachingAvailabilityReader(db, availabilityCache), clock, pageTokens: new HmacPageTokens() });
  const found = async (amenities: string[] = []) =>
    unwrapOk(await search.execute({ area: { kind: 'city', city: 'Paris' }, ...STAY, guests: 2, amenities, pageSize: 0 })).map((o) => ({
      hotel: o.hotel.name,
      rooms: o.rooms.map((r) => `${r.roomType.name}:${r.roomsAvailable}`),
    }));
  return {
    db,
    clock,
    index,
    candidates,
    found,
    createHotel: new CreateHotel(deps),
    createRoomType: new CreateRoomType(deps),
    updateHotel: new UpdateHotel(deps),
    deleteHotel: new DeleteHotel(deps),
    deleteRoomType: new DeleteRoomType(deps),
    setInventory: new SetInventory(deps),
    bookRoom: new BookRoom(deps),
  };
}

async function withHotel(app: ReturnType<typeof stack>, name = 'Hotel Lutetia', rooms = 1) {
  const hotel = unwrapOk(await app.createHotel.execute(aHotel({ name })));
  const roomType = unwrapOk(await app.createRoomType.execute({ hotelId: hotel.id, name: 'Double', maxGuests: 2, amenities: [] }));
  unwrapOk(await app.setInventory.execute({ hotelId: hotel.id, roomTypeId: roomType.id, from: '2030-05-01', to: '2030-07-01', totalRooms: rooms, nightlyPriceMinor: 10_000 }));
  return { hotel, roomType };
}

describe('candidate cache of search', () => {
  it('answers a repeated search from the cache, for any stay and amenities in any order, until the TTL passes', async () => {
    const app = stack();
    await withHotel(app);
    expect(await app.found()).toEqual([{ hotel: 'Hotel Lutetia', rooms: ['Double:1'] }]);
    const after = app.index.calls;
    await app.found();
    await app.candidates.findCandidates(PARIS);
    expect(app.index.calls).toBe(after);

    const key = (amenities: string[]) => candidateQueryKey({ ...PARIS, amenities });
    expect(key(['wifi', 'pool'])).toBe(key(['pool', 'wifi', 'pool']));
    expect(key(['wifi'])).not.toBe(key([]));
    expect(candidateQueryKey({ ...PARIS, guests: 3 })).not.toBe(candidateQueryKey(PARIS));
    expect(candidateQueryKey({ ...PARIS, limit: 20 })).not.toBe(candidateQueryKey(PARIS));
    expect(candidateQueryKey({ ...PARIS, text: 'lutetia' })).not.toBe(candidateQueryKey(PARIS));

    app.clock.advanceMillis(TTL_MS - 1);
    await app.found();
    expect(app.index.calls).toBe(after);
    app.clock.advanceMillis(1);
    await app.found();
    expect(app.index.calls).toBe(after + 1);
  });

  it('really caches: a hotel written past the invalidating unit of work stays unseen until the TTL', async () => {
    const app = stack();
    await withHotel(app);
    expect((await app.found()).map((f) => f.hotel)).toEqual(['Hotel Lutetia']);
    // Through a unit of work that does not invalidate: the cached candidates hide the new hotel.
    const bypassing = { uow: app.db, clock: app.clock, ids: randomIdGenerator };
    const unseen = unwrapOk(await new CreateHotel(bypassing).execute(aHotel({ name: 'Hotel Unseen' })));
    unwrapOk(await new CreateRoomType(bypassing).execute({ hotelId: unseen.id, name: 'Double', maxGuests: 2, amenities: [] }));
    const cached = await app.candidates.findCandidates(PARIS);
    expect(cached.map((c) => c.hotel.name)).toEqual(['Hotel Lutetia']);
    // Expired: answered once more from the cache while a refresh reads the index, then the refreshed answer.
    app.clock.advanceMillis(TTL_MS);
    const calls = app.index.calls;
    expect((await app.candidates.findCandidates(PARIS)).map((c) => c.hotel.name)).toEqual(['Hotel Lutetia']);
    expect(app.index.calls).toBe(calls + 1);
    await new Promise((resolve) => setImmediate(resolve)); // the refresh's answer is stored when its promise settles
    expect((await app.candidates.findCandidates(PARIS)).map((c) => c.hotel.name)).toEqual(['Hotel Lutetia', 'Hotel Unseen']);
    expect(app.index.calls).toBe(calls + 1);
  });

  it('serves an expired answer only while one refresh runs, and never one older than twice the TTL', async () => {
    const release: (() => void)[] = [];
    let calls = 0;
    const slow: HotelSearch = {
      async findCandidates() {
        const n = ++calls;
        await new Promise<void>((resolve) => release.push(resolve));
        return [{ hotel: { id: `answer-${n}` } as unknown as Candidate['hotel'], distanceKm: 0, roomTypes: [] }];
      },
    };
    let now = 0;
    const cache = new CachingHotelSearch(slow, { ttlMs: 1_000, now: () => now });
    const answer = async () => (await cache.findCandidates(PARIS)).map((c) => c.hotel.id);
    const first = answer();
    release.shift()?.();
    expect(await first).toEqual(['answer-1']);

    now = 1_500; // expired: the old answer at once, one refresh under way however many ask
    expect(await answer()).toEqual(['answer-1']);
    expect(await answer()).toEqual(['answer-1']);
    expect(calls).toBe(2);
    release.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
    expect(await answer()).toEqual(['answer-2']);
    expect(calls).toBe(2);

    now = 1_500 + 2_000; // older than twice the TTL: a plain miss that waits for the index
    const late = answer();
    expect(calls).toBe(3);
    release.shift()?.();
    expect(await late).toEqual(['answer-3']);
  });

  it('shows a new hotel, a renamed one and a new room type at once, and drops a deleted hotel or room type at once', async () => {
    const app = stack();
    const { hotel } = await withHotel(app);
    expect(await app.found()).toEqual([{ hotel: 'Hotel Lutetia', rooms: ['Double:1'] }]);

    const second = await withHotel(app, 'Hotel Meurice', 2);
    expect(await app.found()).toEqual([
      { hotel: 'Hotel Lutetia', rooms: ['Double:1'] },
      { hotel: 'Hotel Meurice', rooms: ['Double:2'] },
    ]);

    unwrapOk(await app.updateHotel.execute(hotel.id, { name: 'Hotel Lutetia Paris' }));
    expect((await app.found()).map((f) => f.hotel)).toEqual(['Hotel Lutetia Paris', 'Hotel Meurice']);

    const suite = unwrapOk(await app.createRoomType.execute({ hotelId: second.hotel.id, name: 'Suite', maxGuests: 4, amenities: [] }));
    unwrapOk(await app.setInventory.execute({ hotelId: second.hotel.id, roomTypeId: suite.id, from: '2030-05-01', to: '2030-07-01', totalRooms: 5, nightlyPriceMinor: 30_000 }));
    expect(await app.found()).toEqual([
      { hotel: 'Hotel Lutetia Paris', rooms: ['Double:1'] },
      { hotel: 'Hotel Meurice', rooms: ['Double:2', 'Suite:5'] },
    ]);

    unwrapOk(await app.deleteRoomType.execute(second.hotel.id, second.roomType.id));
    expect(await app.found()).toEqual([
      { hotel: 'Hotel Lutetia Paris', rooms: ['Double:1'] },
      { hotel: 'Hotel Meurice', rooms: ['Suite:5'] },
    ]);

    unwrapOk(await app.deleteHotel.execute(hotel.id));
    expect(await app.found()).toEqual([{ hotel: 'Hotel Meurice', rooms: ['Suite:5'] }]);
  });

  it('never shows a sold-out room type bookable: availability is read for every search, cached candidates or not', async () => {
    const app = stack();
    const { hotel, roomType } = await withHotel(app);
    expect(await app.found()).toEqual([{ hotel: 'Hotel Lutetia', rooms: ['Double:1'] }]);
    const calls = app.index.calls;
    unwrapOk(await app.bookRoom.execute(aBooking(hotel.id, roomType.id, { ...STAY, guests: 2 })));
    expect(await app.found()).toEqual([]);
    expect(app.index.calls).toBe(calls); // the candidates did come from the cache
  });

  it('does not keep an answer read while the catalog changed, and shares one index query between identical searches', async () => {
    const release: (() => void)[] = [];
    let calls = 0;
    const slow: HotelSearch = {
      async findCandidates() {
        calls++;
        await new Promise<void>((resolve) => release.push(resolve));
        return [];
      },
    };
    const cache = new CachingHotelSearch(slow, { ttlMs: TTL_MS });
    const first = cache.findCandidates(PARIS);
    const same = cache.findCandidates({ ...PARIS });
    expect(calls).toBe(1);
    cache.invalidate(); // a hotel changed while the index was being read
    release.shift()?.();
    expect(await first).toEqual([]);
    expect(await same).toEqual([]);
    const after = cache.findCandidates(PARIS);
    expect(calls).toBe(2);
    release.shift()?.();
    await after;
    await cache.findCandidates(PARIS);
    expect(calls).toBe(2);
  });

  it('does not keep a failed index query', async () => {
    let calls = 0;
    const failingOnce: HotelSearch = {
      async findCandidates(): Promise<Candidate[]> {
        calls++;
        if (calls === 1) throw new Error('index unavailable');
        return [];
      },
    };
    const cache = new CachingHotelSearch(failingOnce, { ttlMs: TTL_MS });
    await expect(cache.findCandidates(PARIS)).rejects.toThrow('index unavailable');
    expect(await cache.findCandidates(PARIS)).toEqual([]);
    expect(calls).toBe(2);
  });

  it('with a TTL of 0 asks the index every time', async () => {
    const app = stack();
    const off = new CachingHotelSearch(app.index, { ttlMs: 0 });
    await off.findCandidates(PARIS);
    await off.findCandidates(PARIS);
    expect(app.index.calls).toBe(2);
  });

  it('with an index that changes after the database (Elasticsearch), the indexer writing it invalidates, and nothing read before its refresh is kept', async () => {
    // An index of its own, behind the database, as Elasticsearch is: it holds what the indexer put,
    // searchable only after its next refresh.
    const written = new Map<string, IndexedHotel>();
    let searchable = new Map<string, IndexedHotel>();
    let queries = 0;
    const lagging: HotelIndex & HotelSearch = {
      async put(entry) {
        written.set(entry.hotel.id, entry);
      },
      async remove(hotelId) {
        written.delete(hotelId);
      },
      async findCandidates() {
        queries++;
        return [...searchable.values()].map((e) => ({ hotel: e.hotel, distanceKm: 0, roomTypes: e.roomTypes }));
      },
    };
    const refreshIndex = () => (searchable = new Map(written));
    const REFRESH_MS = 2_000;
    const db = new MemoryDatabase();
    const clock = new FakeClock(new Date('2030-01-01T12:00:00Z'));
    const cache = new CachingHotelSearch(lagging, { ttlMs: TTL_MS, now: () => clock.now().getTime() });
    const uow = invalidatingCatalog(db, () => cache.invalidate());
    const createHotel = new CreateHotel({ uow, clock, ids: sequentialIds() });
    const indexer = new IndexHotel({ uow: db, index: notifyingIndex(lagging, () => cache.invalidate(REFRESH_MS)) });

    const hotel = unwrapOk(await createHotel.execute(aHotel()));
    // Committed, invalidated, but not indexed yet: the search caches the index's empty answer...
    expect(await cache.findCandidates(PARIS)).toEqual([]);
    expect(await cache.findCandidates(PARIS)).toEqual([]);
    expect(queries).toBe(1);
    // ...until the indexer has written the hotel into the index; until the index refreshed, answers are not kept.
    await indexer.reindex(hotel.id);
    expect(await cache.findCandidates(PARIS)).toEqual([]);
    refreshIndex();
    expect((await cache.findCandidates(PARIS)).map((c) => c.hotel.id)).toEqual([hotel.id]);
    expect(queries).toBe(3);
    clock.advanceMillis(REFRESH_MS);
    expect((await cache.findCandidates(PARIS)).map((c) => c.hotel.id)).toEqual([hotel.id]);
    expect((await cache.findCandidates(PARIS)).map((c) => c.hotel.id)).toEqual([hotel.id]);
    expect(queries).toBe(4);
  });
});
