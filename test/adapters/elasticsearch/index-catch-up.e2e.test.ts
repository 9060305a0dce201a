import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { createSellableHotel, eventually, searchCity, useElasticsearchApp } from '../../support/elasticsearch-app.js';

// The app reaches Elasticsearch through a TCP proxy that the test takes down: changes made during the
// outage stay in the outbox-fed indexer and reach the index once Elasticsearch answers again.

const app = useElasticsearchApp('outage', { throughProxy: true });

it('catches up after an Elasticsearch outage: a hotel created while the index was down is found once it is back', async () => {
  const city = `Outageville ${randomUUID().slice(0, 8)}`;
  const proxy = app.proxy!;
  await proxy.down();
  const { hotelId, roomTypeId } = await createSellableHotel(app.clients, { name: 'Created During Outage', city, roomType: 'Double', maxGuests: 2 });
  // Well past the in-process bus's own retries (5 attempts, 100 ms apart) while the index is unreachable.
  const downUntil = Date.now() + 1_500;
  while (Date.now() < downUntil) {
    expect(await app.es.hotelSearch.findCandidates({ area: { kind: 'city', city }, amenities: [], guests: 1, limit: 5 })).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await proxy.up();

  const hotels = await eventually(async () => {
    const found = (await searchCity(app.clients, city).catch(() => ({ hotels: [] }))).hotels;
    return found.length > 0 ? found : undefined;
  }, 10_000);
  expect(hotels.map((h) => h.hotel.id)).toEqual([hotelId]);
  expect(hotels[0].roomTypes.map((rt: { roomType: { id: string } }) => rt.roomType.id)).toEqual([roomTypeId]);
});
