import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryNight } from '../../src/core/inventory/inventory-night.js';
import { Money } from '../../src/core/money/money.js';
import type { AvailabilityCache } from '../../src/ports/availability-cache.js';
import { nightAt, stayAt, uniqueId } from './persistence-fixtures.js';

export interface AvailabilityCacheHarness {
  readonly cache: AvailabilityCache;
  /** The TTL the cache was made with. */
  readonly ttlMs: number;
  dispose(): Promise<void>;
}

const ref = () => ({ hotelId: uniqueId('htl'), roomTypeId: uniqueId('rt') });
const nightsOf = (r: { hotelId: string; roomTypeId: string }, offsets: readonly number[], reserved = 1): InventoryNight[] =>
  offsets.map((offset, i) => ({
    hotelId: r.hotelId,
    roomTypeId: r.roomTypeId,
    date: nightAt(offset),
    totalRooms: 5,
    reserved,
    price: Money.of(12_345 + i, 'EUR'),
    restrictions: { stopSell: false, closedToArrival: i === 0, closedToDeparture: false, minStay: 2, maxStay: null },
  }));

/** The AvailabilityCache port's contract, for the in-memory and Redis adapters. */
export function describeAvailabilityCacheContract(adapter: string, create: () => Promise<AvailabilityCacheHarness>, passTtl: (h: AvailabilityCacheHarness) => Promise<void>): void {
  describe(`AvailabilityCache contract: ${adapter}`, () => {
    let h: AvailabilityCacheHarness;
    beforeAll(async () => {
      h = await create();
    });
    afterAll(async () => {
      await h?.dispose();
    });
    const stay = stayAt(10, 2);

    it('misses, then serves exactly what was written for the room type and stay', async () => {
      const a = ref();
      const [miss] = await h.cache.read([a], stay);
      expect(miss).toEqual({ ref: a, version: 0, nights: undefined });
      const nights = nightsOf(a, [10, 11]);
      await h.cache.write([{ ref: a, version: 0, nights }], stay);
      const [hit] = await h.cache.read([a], stay);
      expect(hit?.nights).toEqual(nights);
      // Another stay of the same room type is another entry.
      expect((await h.cache.read([a], stayAt(10, 3)))[0]?.nights).toBeUndefined();
    });

    it('caches an empty answer (no inventory) as a hit, not a miss', async () => {
      const a = ref();
      await h.cache.write([{ ref: a, version: 0, nights: [] }], stay);
      expect((await h.cache.read([a], stay))[0]?.nights).toEqual([]);
    });

    it('invalidates every stay of the invalidated room types, and only theirs', async () => {
      const a = ref();
      const b = ref();
      await h.cache.write([{ ref: a, version: 0, nights: nightsOf(a, [10, 11]) }, { ref: b, version: 0, nights: nightsOf(b, [10, 11]) }], stay);
      await h.cache.write([{ ref: a, version: 0, nights: nightsOf(a, [10, 11, 12]) }], stayAt(10, 3));
      await h.cache.invalidate([a]);
      const [readA, readB] = await h.cache.read([a, b], stay);
      expect(readA).toEqual({ ref: a, version: 1, nights: undefined });
      expect((await h.cache.read([a], stayAt(10, 3)))[0]?.nights).toBeUndefined();
      expect(readB?.nights).toEqual(nightsOf(b, [10, 11]));
    });

    it('never serves a snapshot written under a version invalidated since it was read (a racing reader)', async () => {
      const a = ref();
      const [before] = await h.cache.read([a], stay);
      await h.cache.invalidate([a]); // a booking commits while the reader is at the database
      await h.cache.write([{ ref: a, version: before!.version, nights: nightsOf(a, [10, 11], 0) }], stay);
      expect((await h.cache.read([a], stay))[0]?.nights).toBeUndefined();
    });

    it('expires entries after the TTL', async () => {
      const a = ref();
      await h.cache.write([{ ref: a, version: 0, nights: nightsOf(a, [10, 11]) }], stay);
      await passTtl(h);
      // Real caches expire on their own clock: poll, with a deadline, for the entry to go.
      const deadline = Date.now() + h.ttlMs + 2_000;
      while ((await h.cache.read([a], stay))[0]?.nights !== undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect((await h.cache.read([a], stay))[0]?.nights).toBeUndefined();
    });
  });
}
