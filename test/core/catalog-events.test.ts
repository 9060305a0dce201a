import { describe, expect, it } from 'vitest';
import { MemoryDatabase } from '../../src/adapters/memory/memory-database.js';
import { CreateHotel } from '../../src/core/admin/create-hotel.js';
import { CreateRoomType } from '../../src/core/admin/create-room-type.js';
import { UpdateHotel } from '../../src/core/admin/update-hotel.js';
import { catalogEvent, type DomainEvent } from '../../src/core/events/domain-event.js';
import { ok } from '../../src/core/shared/result.js';
import { IndexHotel } from '../../src/core/search/index-hotel.js';
import type { HotelIndex, IndexedHotel } from '../../src/ports/hotel-index.js';
import { aHotel } from '../support/builders.js';
import { FakeClock } from '../support/clock.js';
import { unwrapOk } from '../support/memory-app.js';
import { sequentialIds } from '../support/sequential-ids.js';

/** A search index kept in a map: what the indexer leaves behind is what the test checks. */
class MapHotelIndex implements HotelIndex {
  readonly entries = new Map<string, IndexedHotel>();
  async put(entry: IndexedHotel): Promise<void> {
    this.entries.set(entry.hotel.id, entry);
  }
  async remove(hotelId: string): Promise<void> {
    this.entries.delete(hotelId);
  }
}

function setup() {
  const db = new MemoryDatabase();
  const clock = new FakeClock(new Date('2030-01-01T12:00:00Z'));
  const ids = sequentialIds();
  const uow = db;
  const deps = { uow, clock, ids };
  const outbox = async (): Promise<DomainEvent[]> => {
    const events: DomainEvent[] = [];
    await db.relay(1_000, async (batch) => void events.push(...batch));
    return events;
  };
  return { db, uow, outbox, createHotel: new CreateHotel(deps), createRoomType: new CreateRoomType(deps), updateHotel: new UpdateHotel(deps) };
}

describe('catalog events (what the search index follows)', () => {
  it('are appended by the admin use cases, one per hotel or room type write, naming what changed', async () => {
    const app = setup();
    const hotel = unwrapOk(await app.createHotel.execute(aHotel()));
    const roomType = unwrapOk(await app.createRoomType.execute({ hotelId: hotel.id, name: 'Double', maxGuests: 2, amenities: [] }));
    unwrapOk(await app.updateHotel.execute(hotel.id, { name: 'Renamed' }));
    const events = await app.outbox();
    expect(events.map((e) => [e.type, e.hotelId, e.payload])).toEqual([
      ['hotel.created', hotel.id, { hotelId: hotel.id, roomTypeId: null }],
      ['room_type.created', hotel.id, { hotelId: hotel.id, roomTypeId: roomType.id }],
      ['hotel.updated', hotel.id, { hotelId: hotel.id, roomTypeId: null }],
    ]);
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
  });

  it('are not appended when the write is refused', async () => {
    const app = setup();
    expect((await app.createHotel.execute(aHotel({ name: '' }))).ok).toBe(false);
    expect((await app.createRoomType.execute({ hotelId: 'htl_unknown', name: 'Double', maxGuests: 2, amenities: [] })).ok).toBe(false);
    expect(await app.outbox()).toEqual([]);
  });
});

describe('IndexHotel', () => {
  it('puts the hotel of record with all its room types, whatever the event says, and removes inactive or unknown hotels', async () => {
    const app = setup();
    const index = new MapHotelIndex();
    const indexer = new IndexHotel({ uow: app.uow, index });
    const hotel = unwrapOk(await app.createHotel.execute(aHotel()));
    const roomType = unwrapOk(await app.createRoomType.execute({ hotelId: hotel.id, name: 'Double', maxGuests: 2, amenities: [] }));
    unwrapOk(await app.updateHotel.execute(hotel.id, { name: 'Renamed' }));
    const events = await app.outbox();

    // Delivered late and out of order: every delivery converges on the current state.
    for (const event of [...events].reverse()) await indexer.handle(event);
    expect(index.entries.get(hotel.id)?.hotel.name).toBe('Renamed');
    expect(index.entries.get(hotel.id)?.roomTypes.map((rt) => rt.id)).toEqual([roomType.id]);

    await app.uow.run(hotel.id, async (tx) => ok(await tx.hotels.update(hotel.deactivate())));
    await indexer.handle(catalogEvent('e-deactivated', 'hotel.updated', { hotelId: hotel.id, roomTypeId: null }, new Date()));
    expect(index.entries.has(hotel.id)).toBe(false);

    await indexer.reindex('htl_unknown');
    expect(index.entries.size).toBe(0);
  });

  it('ignores reservation events', async () => {
    const index = new MapHotelIndex();
    const indexer = new IndexHotel({ uow: new MemoryDatabase(), index });
    await indexer.handle({ id: 'e1', type: 'reservation.confirmed', occurredAt: new Date(), hotelId: 'h', aggregateId: 'r', payload: {} as never });
    expect(index.entries.size).toBe(0);
  });
});
