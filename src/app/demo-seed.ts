import type { CreateHotel } from '../core/admin/create-hotel.js';
import type { CreateRoomType } from '../core/admin/create-room-type.js';
import type { SetInventory } from '../core/admin/set-inventory.js';
import type { CreateRatePlan } from '../core/rates/create-rate-plan.js';
import type { SetRatePrices } from '../core/rates/set-rate-prices.js';
import type { Result } from '../core/shared/result.js';
import { dateInZone } from '../core/time/time-zone.js';

interface City {
  readonly name: string;
  readonly countryCode: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly timeZone: string;
  readonly currency: string;
  /** Price of a double room in the currency's minor units (yen have none: 21000 is ¥21,000). */
  readonly basePrice: number;
  /** Local VAT on rooms, basis points, and city tax per person-night in minor units. */
  readonly vatBasisPoints: number;
  readonly cityTaxMinor: number;
}

export const DEMO_CITIES: readonly City[] = [
  { name: 'Paris', countryCode: 'FR', latitude: 48.8566, longitude: 2.3522, timeZone: 'Europe/Paris', currency: 'EUR', basePrice: 16_000, vatBasisPoints: 1000, cityTaxMinor: 260 },
  { name: 'London', countryCode: 'GB', latitude: 51.5072, longitude: -0.1276, timeZone: 'Europe/London', currency: 'GBP', basePrice: 15_000, vatBasisPoints: 2000, cityTaxMinor: 0 },
  { name: 'New York', countryCode: 'US', latitude: 40.7128, longitude: -74.006, timeZone: 'America/New_York', currency: 'USD', basePrice: 22_000, vatBasisPoints: 1475, cityTaxMinor: 200 },
  { name: 'Tokyo', countryCode: 'JP', latitude: 35.6762, longitude: 139.6503, timeZone: 'Asia/Tokyo', currency: 'JPY', basePrice: 21_000, vatBasisPoints: 1000, cityTaxMinor: 200 },
  { name: 'Barcelona', countryCode: 'ES', latitude: 41.3874, longitude: 2.1686, timeZone: 'Europe/Madrid', currency: 'EUR', basePrice: 13_000, vatBasisPoints: 1000, cityTaxMinor: 275 },
];

const NAMES = ['Grand', 'Central', 'Riverside', 'Old Town', 'Garden', 'Harbour', 'Park', 'Station', 'Royal', 'Boutique', 'Skyline', 'Plaza'];
const AMENITIES = ['wifi', 'breakfast', 'parking', 'pool', 'gym', 'spa', 'bar', 'restaurant', 'pet_friendly', 'air_conditioning'];
const ROOM_TYPES = [
  { name: 'Single', maxGuests: 1, priceFactor: 0.7, rooms: 8, amenities: ['desk'] },
  { name: 'Double', maxGuests: 2, priceFactor: 1, rooms: 12, amenities: ['desk', 'minibar'] },
  { name: 'Family Suite', maxGuests: 4, priceFactor: 1.8, rooms: 3, amenities: ['minibar', 'sofa_bed', 'bathtub'] },
];

export interface DemoSeedUseCases {
  readonly createHotel: CreateHotel;
  readonly createRoomType: CreateRoomType;
  readonly setInventory: SetInventory;
  readonly createRatePlan: CreateRatePlan;
  readonly setRatePrices: SetRatePrices;
}

/**
 * Demo data through the real use cases: `hotelsPerCity` hotels in each of five cities, three
 * room types each, 365 nights of inventory from each hotel's own today, and two rate plans per
 * room type (non-refundable room only; flexible with breakfast, priced per adult and child, with
 * the city's VAT and city tax). Deterministic.
 */
const SEED_MIDNIGHT_MARGIN_MS = 10 * 60_000;

export async function seedDemo(
  uc: DemoSeedUseCases,
  opts: { readonly hotelsPerCity: number; readonly now: Date; readonly onProgress?: (done: number, total: number) => void },
): Promise<{ hotels: number; roomTypes: number; nights: number }> {
  const random = mulberry32(20261126);
  const total = DEMO_CITIES.length * opts.hotelsPerCity;
  let hotels = 0;
  let roomTypes = 0;
  let nights = 0;
  for (const city of DEMO_CITIES) {
    for (let i = 0; i < opts.hotelsPerCity; i++) {
      // Within about 6 km of the centre.
      const latitude = round6(city.latitude + (random() - 0.5) * 0.1);
      const longitude = round6(city.longitude + (random() - 0.5) * 0.14);
      const amenities = AMENITIES.filter(() => random() < 0.45);
      if (!amenities.includes('wifi')) amenities.push('wifi');
      const hotel = expectOk(
        await uc.createHotel.execute({
          name: `${NAMES[i % NAMES.length]} ${city.name}${i >= NAMES.length ? ` ${Math.floor(i / NAMES.length) + 1}` : ''}`,
          city: city.name,
          countryCode: city.countryCode,
          location: { latitude, longitude },
          timeZone: city.timeZone,
          currency: city.currency,
          amenities,
          overbookingPercent: i % 5 === 0 ? 10 : 0,
        }),
      );
      hotels++;
      // Inventory starts on the hotel's today as it will be a few minutes from now: a seed started just
      // before a hotel's midnight would otherwise offer a night that is in the past by the time it is
      // written (seeding takes seconds; the margin covers a slow machine).
      const from = dateInZone(new Date(opts.now.getTime() + SEED_MIDNIGHT_MARGIN_MS), city.timeZone);
      for (const spec of ROOM_TYPES) {
        const roomType = expectOk(
          await uc.createRoomType.execute({ hotelId: hotel.id, name: spec.name, maxGuests: spec.maxGuests, amenities: spec.amenities }),
        );
        roomTypes++;
        const price = Math.round(city.basePrice * spec.priceFactor * (0.8 + random() * 0.5));
        nights += expectOk(
          await uc.setInventory.execute({
            hotelId: hotel.id,
            roomTypeId: roomType.id,
            from: from.toString(),
            to: from.addDays(365).toString(),
            totalRooms: spec.rooms,
            nightlyPriceMinor: Math.max(1, price),
          }),
        );
        await seedRatePlans(uc, city, hotel.id, roomType.id, spec.maxGuests, price, from.toString(), from.addDays(365).toString());
      }
      opts.onProgress?.(hotels, total);
    }
  }
  return { hotels, roomTypes, nights };
}

function expectOk<T>(result: Result<T, unknown>): T {
  if (!result.ok) throw new Error(`demo seed failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

const round6 = (n: number): number => Math.round(n * 1e6) / 1e6;

/** Small deterministic PRNG so the demo data is the same on every machine. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A non-refundable plan 10% under the room price and a flexible one with breakfast, both taxed. */
async function seedRatePlans(uc: DemoSeedUseCases, city: City, hotelId: string, roomTypeId: string, maxGuests: number, price: number, from: string, to: string) {
  const taxes = { vatBasisPoints: city.vatBasisPoints, cityTaxPerPersonNightMinor: city.cityTaxMinor };
  // Before tax, so that with VAT a plan lands near the standard (tax-included) price.
  const net = Math.round((price * 10_000) / (10_000 + city.vatBasisPoints));
  const adults = Array.from({ length: maxGuests }, (_, i) => i + 1);
  const plans = [
    {
      name: 'Non-refundable, room only',
      mealPlan: 'ROOM_ONLY' as const,
      refundable: false,
      cancellationPolicy: { freeUntilHoursBeforeArrival: null, penalty: { kind: 'FULL_STAY' as const } },
      prices: adults.map((n) => Math.max(1, Math.round(net * 0.9 * (1 + (n - 1) * 0.1)))),
      child: Math.round(net * 0.1),
    },
    {
      name: 'Flexible with breakfast',
      mealPlan: 'BREAKFAST' as const,
      refundable: true,
      cancellationPolicy: { freeUntilHoursBeforeArrival: 48, penalty: { kind: 'FIRST_NIGHT' as const } },
      prices: adults.map((n) => Math.max(1, Math.round(net * (1 + (n - 1) * 0.1) + n * net * 0.08))),
      child: Math.round(net * 0.15),
    },
  ];
  for (const p of plans) {
    const plan = expectOk(
      await uc.createRatePlan.execute({ hotelId, roomTypeId, name: p.name, mealPlan: p.mealPlan, refundable: p.refundable, cancellationPolicy: p.cancellationPolicy, taxes }),
    );
    expectOk(await uc.setRatePrices.execute({ hotelId, ratePlanId: plan.id, from, to, pricesByAdultsMinor: p.prices, extraChildMinor: p.child }));
  }
}
