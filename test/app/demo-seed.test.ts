import { describe, expect, it } from 'vitest';
import { DEMO_CITIES, seedDemo } from '../../src/app/demo-seed.js';
import { memoryApp, unwrapOk } from '../support/memory-app.js';

describe('demo data', () => {
  it('seeds bookable hotels in every city, with the standard rate and two taxed rate plans per room type', async () => {
    const app = memoryApp();
    const progress: number[] = [];
    const seeded = await seedDemo(app, { hotelsPerCity: 1, now: app.clock.now(), onProgress: (done) => progress.push(done) });
    expect(seeded).toEqual({ hotels: 5, roomTypes: 15, nights: 15 * 365 });
    expect(progress).toEqual([1, 2, 3, 4, 5]);
    for (const city of DEMO_CITIES) {
      const [offer] = unwrapOk(
        await app.search.execute({ area: { kind: 'city', city: city.name }, checkIn: '2030-03-01', checkOut: '2030-03-03', guests: 2, amenities: [], pageSize: 0 }),
      );
      expect(offer?.hotel.currency).toBe(city.currency);
      const double = offer!.rooms.find((r) => r.roomType.name === 'Double')!;
      const quotes = unwrapOk(
        await app.quoteStay.execute({ hotelId: offer!.hotel.id, roomTypeId: double.roomType.id, checkIn: '2030-03-01', checkOut: '2030-03-03', adults: 2, children: 0 }),
      );
      expect(quotes.map((q) => q.ratePlan?.name ?? 'standard').sort()).toEqual(['Flexible with breakfast', 'Non-refundable, room only', 'standard']);
      const flexible = quotes.find((q) => q.ratePlan?.refundable)!;
      expect(flexible.price.vat.amountMinor).toBeGreaterThan(0);
      expect(flexible.price.cityTax.amountMinor).toBe(2 * 2 * city.cityTaxMinor);
    }
  });

  it('seeds across a hotel\'s midnight: inventory never starts on a day that has ended there', async () => {
    const app = memoryApp();
    // 23:58 in Barcelona (UTC+1), the last city seeded; a minute passes per hotel, so it is the next day there by then.
    app.clock.set(new Date('2030-01-01T22:58:00Z'));
    const seeded = await seedDemo(app, { hotelsPerCity: 1, now: app.clock.now(), onProgress: () => app.clock.advanceMillis(60_000) });
    expect(seeded.hotels).toBe(5);
  });
});
