import type { CreateHotel } from '../core/admin/create-hotel.js';
import type { CreateRoomType } from '../core/admin/create-room-type.js';
import type { SetInventory } from '../core/admin/set-inventory.js';
import type { Result } from '../core/shared/result.js';
import { dateInZone } from '../core/time/time-zone.js';

/** Real cities, real centres: hotels are spread within ~8 km of each, more in the big ones. */
export const SEED_CITIES = [
  ['Paris', 'FR', 48.8566, 2.3522, 'Europe/Paris', 'EUR', 16_000, 10],
  ['London', 'GB', 51.5072, -0.1276, 'Europe/London', 'GBP', 15_000, 10],
  ['New York', 'US', 40.7128, -74.006, 'America/New_York', 'USD', 22_000, 10],
  ['Tokyo', 'JP', 35.6762, 139.6503, 'Asia/Tokyo', 'JPY', 21_000, 9],
  ['Barcelona', 'ES', 41.3874, 2.1686, 'Europe/Madrid', 'EUR', 13_000, 6],
  ['Rome', 'IT', 41.9028, 12.4964, 'Europe/Rome', 'EUR', 14_000, 6],
  ['Berlin', 'DE', 52.52, 13.405, 'Europe/Berlin', 'EUR', 12_000, 6],
  ['Amsterdam', 'NL', 52.3676, 4.9041, 'Europe/Amsterdam', 'EUR', 17_000, 5],
  ['Lisbon', 'PT', 38.7223, -9.1393, 'Europe/Lisbon', 'EUR', 11_000, 5],
  ['Madrid', 'ES', 40.4168, -3.7038, 'Europe/Madrid', 'EUR', 12_000, 5],
  ['Vienna', 'AT', 48.2082, 16.3738, 'Europe/Vienna', 'EUR', 13_000, 4],
  ['Prague', 'CZ', 50.0755, 14.4378, 'Europe/Prague', 'CZK', 250_000, 4],
  ['Istanbul', 'TR', 41.0082, 28.9784, 'Europe/Istanbul', 'TRY', 450_000, 5],
  ['Dubai', 'AE', 25.2048, 55.2708, 'Asia/Dubai', 'AED', 60_000, 5],
  ['Singapore', 'SG', 1.3521, 103.8198, 'Asia/Singapore', 'SGD', 25_000, 5],
  ['Sydney', 'AU', -33.8688, 151.2093, 'Australia/Sydney', 'AUD', 24_000, 5],
  ['San Francisco', 'US', 37.7749, -122.4194, 'America/Los_Angeles', 'USD', 26_000, 5],
  ['Mexico City', 'MX', 19.4326, -99.1332, 'America/Mexico_City', 'MXN', 180_000, 4],
  ['São Paulo', 'BR', -23.5505, -46.6333, 'America/Sao_Paulo', 'BRL', 60_000, 4],
  ['Cape Town', 'ZA', -33.9249, 18.4241, 'Africa/Johannesburg', 'ZAR', 200_000, 3],
] as const;
const NAMES = ['Grand', 'Central', 'Riverside', 'Old Town', 'Garden', 'Harbour', 'Park', 'Station', 'Royal', 'Boutique', 'Skyline', 'Plaza', 'Palace', 'Lodge', 'Suites', 'Inn'];
const AMENITIES = ['wifi', 'breakfast', 'parking', 'pool', 'gym', 'spa', 'bar', 'restaurant', 'pet_friendly', 'air_conditioning'];
const ROOM_TYPES = [
  { name: 'Single', maxGuests: 1, priceFactor: 0.7, rooms: 8, amenities: ['desk'] },
  { name: 'Double', maxGuests: 2, priceFactor: 1, rooms: 12, amenities: ['desk', 'minibar'] },
  { name: 'Family Suite', maxGuests: 4, priceFactor: 1.8, rooms: 3, amenities: ['minibar', 'sofa_bed', 'bathtub'] },
];

export interface SeedUseCases {
  readonly createHotel: CreateHotel;
  readonly createRoomType: CreateRoomType;
  readonly setInventory: SetInventory;
}

/**
 * A realistic data set through the real use cases (so every hotel also reaches the outbox and the
 * search index): hotels in 20 real cities, three room types each, inventory and prices for the
 * coming `nights` from each hotel's today. Hotel i is the same on every run.
 */
export async function seedHotels(
  uc: SeedUseCases,
  opts: { readonly hotels: number; readonly nights: number; readonly concurrency: number; readonly now: Date; readonly onProgress?: (done: number, total: number) => void },
): Promise<void> {
  const { hotels, nights, concurrency, now } = opts;
  const weights = SEED_CITIES.reduce((sum, c) => sum + c[7], 0);
  let done = 0;
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < hotels; i = next++) {
      const random = mulberry32(i + 1);
      let pick = random() * weights;
      const city = SEED_CITIES.find((c) => (pick -= c[7]) < 0) ?? SEED_CITIES[0];
      const [name, countryCode, lat, lon, timeZone, currency, basePrice] = city;
      const amenities = AMENITIES.filter((a) => a === 'wifi' || random() < 0.4);
      const hotel = expectOk(
        await uc.createHotel.execute({
          name: `${NAMES[i % NAMES.length]} ${name} ${Math.floor(i / NAMES.length) + 1}`,
          city: name,
          countryCode,
          location: { latitude: round6(lat + (random() - 0.5) * 0.15), longitude: round6(lon + (random() - 0.5) * 0.2) },
          timeZone,
          currency,
          amenities,
          overbookingPercent: i % 5 === 0 ? 10 : 0,
        }),
      );
      const from = dateInZone(now, timeZone);
      for (const spec of ROOM_TYPES) {
        const roomType = expectOk(await uc.createRoomType.execute({ hotelId: hotel.id, name: spec.name, maxGuests: spec.maxGuests, amenities: spec.amenities }));
        expectOk(
          await uc.setInventory.execute({
            hotelId: hotel.id,
            roomTypeId: roomType.id,
            from: from.toString(),
            to: from.addDays(nights).toString(),
            totalRooms: spec.rooms,
            nightlyPriceMinor: Math.max(1, Math.round(basePrice * spec.priceFactor * (0.8 + random() * 0.5))),
          }),
        );
      }
      opts.onProgress?.(++done, hotels);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

function expectOk<T>(result: Result<T, unknown>): T {
  if (!result.ok) throw new Error(`seed failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

const round6 = (n: number): number => Math.round(n * 1e6) / 1e6;

function mulberry32(seed: number): () => number {
  let a = seed * 2_654_435_761;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

