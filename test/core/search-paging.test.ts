import { describe, expect, it } from 'vitest';
import type { SearchQuery } from '../../src/core/search/search-availability.js';
import { aBooking } from '../support/builders.js';
import { memoryApp, unwrapOk } from '../support/memory-app.js';

const base = { checkIn: '2030-06-01', checkOut: '2030-06-03', guests: 2, amenities: [] as string[], pageSize: 2 };
const PARIS = { latitude: 48.8566, longitude: 2.3522 };

/** Seven Paris hotels at growing distance from the centre, names out of distance order, prices varied; one sold out. */
async function paris() {
  const app = memoryApp();
  const specs = [
    ['Golf', 0.001, 15_000],
    ['Alpha', 0.002, 9_000],
    ['Echo', 0.003, 12_000],
    ['Sold Out', 0.004, 5_000],
    ['Bravo', 0.005, 11_000],
    ['Foxtrot', 0.006, 8_000],
    ['Delta', 0.007, 20_000],
  ] as const;
  const hotels: Record<string, string> = {};
  for (const [name, d, price] of specs) {
    const { hotel, roomType } = await app.hotelWithRooms(1, { priceMinor: price, hotel: { name, location: { latitude: PARIS.latitude + d, longitude: PARIS.longitude } } });
    hotels[name] = hotel.id;
    if (name === 'Sold Out') unwrapOk(await app.bookRoom.execute(aBooking(hotel.id, roomType.id, { checkIn: base.checkIn, checkOut: base.checkOut })));
  }
  return { app, hotels };
}

async function allPages(app: ReturnType<typeof memoryApp>, query: SearchQuery): Promise<string[][]> {
  const pages: string[][] = [];
  let pageToken = '';
  do {
    const page = unwrapOk(await app.search.page({ ...query, pageToken }));
    pages.push(page.offers.map((o) => o.hotel.name));
    pageToken = page.nextPageToken;
  } while (pageToken !== '' && pages.length < 20);
  return pages;
}

describe('SearchAvailability pages and sorts', () => {
  it('pages through a city by name, every available hotel once, the last page without a token', async () => {
    const { app } = await paris();
    const pages = await allPages(app, { ...base, area: { kind: 'city', city: 'Paris' } });
    expect(pages.flat()).toEqual(['Alpha', 'Bravo', 'Delta', 'Echo', 'Foxtrot', 'Golf']);
    expect(pages.every((p) => p.length <= 2)).toBe(true);
  });

  it('pages through a circle nearest first, skipping the sold-out hotel', async () => {
    const { app } = await paris();
    const pages = await allPages(app, { ...base, area: { kind: 'circle', center: PARIS, radiusKm: 5 } });
    expect(pages.flat()).toEqual(['Golf', 'Alpha', 'Echo', 'Bravo', 'Foxtrot', 'Delta']);
  });

  it.each([
    ['price', ['Foxtrot', 'Alpha', 'Bravo', 'Echo', 'Golf', 'Delta']],
    ['name', ['Alpha', 'Bravo', 'Delta', 'Echo', 'Foxtrot', 'Golf']],
  ] as const)('sorts a circle by %s, across pages', async (sort, expected) => {
    const { app } = await paris();
    expect((await allPages(app, { ...base, sort, area: { kind: 'circle', center: PARIS, radiusKm: 5 } })).flat()).toEqual(expected);
  });

  it('refuses a page token that was altered, forged or issued for other criteria, naming page_token', async () => {
    const { app } = await paris();
    const query = { ...base, area: { kind: 'city', city: 'Paris' } } as const;
    const { nextPageToken } = unwrapOk(await app.search.page(query));
    expect(nextPageToken).not.toBe('');
    const [payload, mac] = nextPageToken.split('.');
    const forged = `${Buffer.from('[0]').toString('base64url')}.${mac}`;
    const flipped = `${payload}.${mac!.slice(0, -2)}${mac!.endsWith('AA') ? 'BA' : 'AA'}`;
    for (const [pageToken, q] of [
      [forged, query],
      [flipped, query],
      ['not-a-token', query],
      [nextPageToken, { ...query, guests: 1 }],
      [nextPageToken, { ...query, sort: 'price' as const }],
    ] as const) {
      const result = await app.search.page({ ...q, pageToken });
      expect(!result.ok && result.error.violations.map((v) => v.field)).toEqual(['page_token']);
    }
  });

  it('refuses a distance sort without a point, naming sort', async () => {
    const { app } = await paris();
    const result = await app.search.page({ ...base, sort: 'distance', area: { kind: 'city', city: 'Paris' } });
    expect(!result.ok && result.error.violations.map((v) => v.field)).toEqual(['sort']);
  });
});
