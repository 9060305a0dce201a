import { describe, expect, it } from 'vitest';
import { HOTEL_AMENITIES, ROOM_AMENITIES } from '../../src/core/hotel/amenities.js';
import { textWords } from '../../src/core/search/free-text.js';
import { aHotel } from '../support/builders.js';
import { memoryApp, unwrapOk } from '../support/memory-app.js';

const query = { checkIn: '2030-06-01', checkOut: '2030-06-03', guests: 2, amenities: [] as string[], pageSize: 0, area: { kind: 'city', city: 'Paris' } as const };

describe('the amenity vocabulary', () => {
  it('refuses an unknown amenity in a search, naming the item and the value and listing the valid codes', async () => {
    const result = await memoryApp().search.execute({ ...query, amenities: ['wifi', 'jacuzzi'] });
    expect(result.ok).toBe(false);
    const violation = !result.ok ? result.error.violations.find((v) => v.field === 'amenities[1]') : undefined;
    expect(violation?.description).toContain('"jacuzzi"');
    for (const code of HOTEL_AMENITIES) expect(violation?.description).toContain(code);
  });

  it('refuses an unknown amenity when a hotel is created or updated, and a room type amenity on a hotel', async () => {
    const app = memoryApp();
    const created = await app.createHotel.execute(aHotel({ amenities: ['wifi', 'wi_fi'] }));
    expect(!created.ok && created.error.code === 'INVALID_ARGUMENT' && created.error.violations.map((v) => v.field)).toEqual(['amenities[1]']);
    const hotel = unwrapOk(await app.createHotel.execute(aHotel({ amenities: ['wifi'] })));
    const updated = await app.updateHotel.execute(hotel.id, { amenities: ['minibar'] });
    expect(!updated.ok && updated.error.code === 'INVALID_ARGUMENT' && updated.error.violations.map((v) => v.field)).toEqual(['amenities[0]']);
    expect(unwrapOk(await app.updateHotel.execute(hotel.id, { amenities: ['spa', 'wifi'] })).amenities).toEqual(['spa', 'wifi']);
  });

  it('checks room type amenities against the room list', async () => {
    const app = memoryApp();
    const hotel = unwrapOk(await app.createHotel.execute(aHotel()));
    const refused = await app.createRoomType.execute({ hotelId: hotel.id, name: 'Double', maxGuests: 2, amenities: ['spa'] });
    expect(!refused.ok && refused.error.code === 'INVALID_ARGUMENT' && refused.error.violations.map((v) => v.field)).toEqual(['amenities[0]']);
    expect(unwrapOk(await app.createRoomType.execute({ hotelId: hotel.id, name: 'Double', maxGuests: 2, amenities: [...ROOM_AMENITIES] })).amenities).toHaveLength(ROOM_AMENITIES.length);
  });
});

describe('free-text search', () => {
  it('cuts words of letters and digits, without case or accents', () => {
    expect(textWords("  L'Hôtel-Dieu   N°5 ")).toEqual(['l', 'hotel', 'dieu', 'n', '5']);
    expect(textWords('!!')).toEqual([]);
  });

  it('finds hotels by words of their name and pages by relevance without skipping or repeating', async () => {
    const app = memoryApp();
    for (const name of ['Hotel Lyon', 'Grand Hotel', 'Hotel de la Gare', 'Le Petit Hôtel Paris', 'Auberge']) await app.hotelWithRooms(1, { hotel: { name } });
    const names = async (extra: object) => unwrapOk(await app.search.execute({ ...query, ...extra })).map((o) => o.hotel.name);
    expect(await names({ text: 'HOTEL' })).toEqual(['Grand Hotel', 'Hotel Lyon', 'Hotel de la Gare', 'Le Petit Hôtel Paris']);
    expect(await names({ text: 'gare' })).toEqual(['Hotel de la Gare']);

    const seen: string[] = [];
    let pageToken = '';
    do {
      const page = unwrapOk(await app.search.page({ ...query, text: 'hotel', sort: 'relevance', pageSize: 1, pageToken }));
      seen.push(...page.offers.map((o) => o.hotel.name));
      pageToken = page.nextPageToken;
    } while (pageToken);
    expect(seen).toEqual(['Grand Hotel', 'Hotel Lyon', 'Hotel de la Gare', 'Le Petit Hôtel Paris']);
  });

  it.each([
    [{ sort: 'relevance' }, 'sort'],
    [{ text: 'x'.repeat(101) }, 'query'],
    [{ text: '-- !!' }, 'query'],
    [{ text: 'a b c d e f g h i j k' }, 'query'],
  ])('refuses %j on %s', async (overrides, field) => {
    const result = await memoryApp().search.execute({ ...query, ...(overrides as object) });
    expect(!result.ok && result.error.violations.map((v) => v.field)).toContain(field);
  });

  it('binds a page token to the text: replayed with another text it is refused', async () => {
    const app = memoryApp();
    for (const name of ['Hotel A', 'Hotel B']) await app.hotelWithRooms(1, { hotel: { name } });
    const first = unwrapOk(await app.search.page({ ...query, text: 'hotel', pageSize: 1 }));
    expect(first.nextPageToken).not.toBe('');
    const replay = await app.search.page({ ...query, text: 'hotel b', pageSize: 1, pageToken: first.nextPageToken });
    expect(!replay.ok && replay.error.violations.map((v) => v.field)).toEqual(['page_token']);
  });
});
