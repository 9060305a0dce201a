import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distanceKm, type GeoPoint } from '../../../src/core/hotel/geo-point.js';
import type { Hotel, NewHotel } from '../../../src/core/hotel/hotel.js';
import type { RoomType } from '../../../src/core/hotel/room-type.js';
import type { Candidate, CandidateQuery } from '../../../src/ports/hotel-search.js';
import { commit, newHotel, newRoomType } from '../../contract/persistence-fixtures.js';
import { migratedTestDatabase, type MigratedTestDatabase } from './postgres-test-adapter.js';

const NOTRE_DAME = { latitude: 48.853, longitude: 2.3499 };
const LOUVRE = { latitude: 48.8606, longitude: 2.3376 };
const EIFFEL_TOWER = { latitude: 48.8584, longitude: 2.2945 };
const VERSAILLES = { latitude: 48.8049, longitude: 2.1204 };
const LYON = { latitude: 45.764, longitude: 4.8357 };

describe('PostgresHotelSearch', () => {
  let db: MigratedTestDatabase;
  /** Everything seeded, to compute expected answers by brute force. */
  const seeded: { hotel: Hotel; roomTypes: RoomType[] }[] = [];

  async function seed(hotelInput: Partial<NewHotel>, maxGuests: readonly number[]): Promise<Hotel> {
    const hotel = newHotel(hotelInput);
    const roomTypes = maxGuests.map((guests, i) => newRoomType(hotel.id, { name: `Room ${i}`, maxGuests: guests }));
    seeded.push({ hotel, roomTypes });
    await commit(db.postgres.uow, hotel.id, async (tx) => {
      await tx.hotels.add(hotel);
      for (const roomType of roomTypes) await tx.hotels.addRoomType(roomType);
    });
    return hotel;
  }

  let louvre: Hotel;
  let eiffel: Hotel;
  let versailles: Hotel;
  beforeAll(async () => {
    db = await migratedTestDatabase();
    louvre = await seed({ name: 'Hôtel du Louvre', city: 'Paris', location: LOUVRE, amenities: ['wifi'] }, [2]);
    eiffel = await seed({ name: 'Eiffel Suites', city: ' paris', location: EIFFEL_TOWER, amenities: ['spa', 'wifi'] }, [2, 4]);
    versailles = await seed({ name: 'Trianon Palace', city: 'Versailles', location: VERSAILLES, amenities: ['spa', 'wifi'] }, [3]);
    await seed({ name: 'Lyon Inn', city: 'Lyon', location: LYON, amenities: ['wifi'] }, [2]);
    await seed({ name: 'Empty Paris House', city: 'PARIS', location: NOTRE_DAME, amenities: ['wifi'] }, []);

    // Scattered hotels, including clusters across the antimeridian and around the north pole.
    const random = lcg(20_310_301);
    const around = (center: GeoPoint, spread: number): GeoPoint => ({
      latitude: clamp(center.latitude + (random() - 0.5) * spread, -90, 90),
      longitude: wrapLongitude(center.longitude + (random() - 0.5) * spread * 2),
    });
    const spots: GeoPoint[] = [
      ...Array.from({ length: 40 }, () => around({ latitude: -17, longitude: 180 }, 4)),
      ...Array.from({ length: 30 }, () => around({ latitude: 89, longitude: 0 }, 2)),
      ...Array.from({ length: 40 }, () => around({ latitude: 0, longitude: 0 }, 170)),
    ];
    await commit(db.postgres.uow, 'seed', async (tx) => {
      for (const [i, location] of spots.entries()) {
        const hotel = newHotel({ name: `Random ${String(i).padStart(3, '0')}`, city: 'Nowhere', location, amenities: i % 3 === 0 ? ['pool', 'wifi'] : ['wifi'] });
        const roomTypes = [newRoomType(hotel.id, { maxGuests: 1 + (i % 4) })];
        seeded.push({ hotel, roomTypes });
        await tx.hotels.add(hotel);
        for (const roomType of roomTypes) await tx.hotels.addRoomType(roomType);
      }
    });
  });
  afterAll(async () => {
    await db?.dispose();
  });

  const find = (query: Partial<CandidateQuery> & Pick<CandidateQuery, 'area'>): Promise<Candidate[]> =>
    db.postgres.hotelSearch.findCandidates({ amenities: [], guests: 1, limit: 100, ...query });
  const names = (candidates: Candidate[]): string[] => candidates.map((c) => c.hotel.name);

  describe('by city', () => {
    it('matches the city whatever its case and spacing, by name, at distance 0', async () => {
      const found = await find({ area: { kind: 'city', city: '  PaRiS ' } });
      expect(names(found)).toEqual(['Eiffel Suites', 'Hôtel du Louvre']);
      expect(found.map((c) => c.distanceKm)).toEqual([0, 0]);
    });

    it('returns whole hotels, equal to what was stored', async () => {
      const [found] = await find({ area: { kind: 'city', city: 'paris' }, limit: 1 });
      expect(found?.hotel.toProps()).toEqual(eiffel.toProps());
    });

    it('keeps hotels with every amenity asked for', async () => {
      expect(names(await find({ area: { kind: 'city', city: 'Paris' }, amenities: ['spa'] }))).toEqual(['Eiffel Suites']);
      expect(names(await find({ area: { kind: 'city', city: 'Paris' }, amenities: ['spa', 'wifi'] }))).toEqual(['Eiffel Suites']);
      expect(names(await find({ area: { kind: 'city', city: 'Paris' }, amenities: ['spa', 'gym'] }))).toEqual([]);
    });

    it('keeps hotels with a room type that sleeps the guests, and only those room types', async () => {
      const found = await find({ area: { kind: 'city', city: 'Paris' }, guests: 3 });
      expect(names(found)).toEqual(['Eiffel Suites']);
      expect(found[0]?.roomTypes.map((rt) => rt.maxGuests)).toEqual([4]);
      const both = await find({ area: { kind: 'city', city: 'Paris' }, guests: 2 });
      expect(both.map((c) => c.roomTypes.length)).toEqual([2, 1]);
      expect(await find({ area: { kind: 'city', city: 'Paris' }, guests: 5 })).toEqual([]);
    });

    it('stops at the limit', async () => {
      expect(names(await find({ area: { kind: 'city', city: 'Paris' }, limit: 1 }))).toEqual(['Eiffel Suites']);
    });

    it('finds nothing for an unknown city, or one only a prefix matches', async () => {
      expect(await find({ area: { kind: 'city', city: 'Atlantis' } })).toEqual([]);
      expect(await find({ area: { kind: 'city', city: 'Par' } })).toEqual([]);
    });
  });

  describe('by circle', () => {
    it('returns hotels within the radius, nearest first, with the core distance', async () => {
      const found = await find({ area: { kind: 'circle', center: NOTRE_DAME, radiusKm: 20 } });
      expect(found.map((c) => c.hotel.id)).toEqual([louvre.id, eiffel.id, versailles.id]);
      for (const c of found) expect(c.distanceKm).toBeCloseTo(distanceKm(NOTRE_DAME, c.hotel.location), 6);
      expect(names(await find({ area: { kind: 'circle', center: NOTRE_DAME, radiusKm: 5 } }))).toEqual(['Hôtel du Louvre', 'Eiffel Suites']);
    });

    it('applies amenities, guests and the limit within the circle', async () => {
      const area = { kind: 'circle', center: NOTRE_DAME, radiusKm: 20 } as const;
      expect(names(await find({ area, amenities: ['spa'] }))).toEqual(['Eiffel Suites', 'Trianon Palace']);
      expect(names(await find({ area, guests: 3 }))).toEqual(['Eiffel Suites', 'Trianon Palace']);
      expect(names(await find({ area, limit: 2 }))).toEqual(['Hôtel du Louvre', 'Eiffel Suites']);
    });

    it('agrees with a brute-force haversine search anywhere on Earth, across the antimeridian and the poles', async () => {
      const nearAHotel = fc
        .record({ index: fc.nat(), dLat: fc.double({ min: -2, max: 2, noNaN: true }), dLon: fc.double({ min: -4, max: 4, noNaN: true }) })
        .map(({ index, dLat, dLon }) => {
          const at = seeded[index % seeded.length]?.hotel.location ?? NOTRE_DAME;
          return { latitude: clamp(at.latitude + dLat, -90, 90), longitude: wrapLongitude(at.longitude + dLon) };
        });
      const center = fc.oneof(
        { weight: 3, arbitrary: nearAHotel },
        fc.record({ latitude: fc.double({ min: 86, max: 90, noNaN: true }), longitude: fc.double({ min: -180, max: 180, noNaN: true }) }),
        fc.record({ latitude: fc.double({ min: -90, max: 90, noNaN: true }), longitude: fc.double({ min: -180, max: 180, noNaN: true }) }),
      );
      const radius = fc.oneof(fc.double({ min: 1, max: 300, noNaN: true }), fc.double({ min: 300, max: 3_000, noNaN: true }));
      await fc.assert(
        fc.asyncProperty(center, radius, fc.integer({ min: 1, max: 3 }), async (c, radiusKm, guests) => {
          const expected = seeded
            .filter(({ roomTypes }) => roomTypes.some((rt) => rt.maxGuests >= guests))
            .map(({ hotel }) => ({ hotel, distance: distanceKm(c, hotel.location) }))
            .filter(({ distance }) => distance <= radiusKm)
            .sort((a, b) => a.distance - b.distance || a.hotel.name.localeCompare(b.hotel.name));
          // A hotel within a micrometre of the circle may fall either side of it through rounding.
          fc.pre(seeded.every(({ hotel }) => Math.abs(distanceKm(c, hotel.location) - radiusKm) > 1e-6));
          const found = await find({ area: { kind: 'circle', center: c, radiusKm }, guests, limit: 1_000 });
          expect(found.map((f) => f.hotel.id)).toEqual(expected.map((e) => e.hotel.id));
          found.forEach((f, i) => expect(f.distanceKm).toBeCloseTo(expected[i]?.distance ?? NaN, 6));
        }),
        { numRuns: 60 },
      );
    });
  });
});

/** A small deterministic generator in [0, 1), so the dataset is the same on every run. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}
const clamp = (x: number, min: number, max: number): number => Math.min(max, Math.max(min, x));
const wrapLongitude = (lon: number): number => ((((lon + 180) % 360) + 360) % 360) - 180;
