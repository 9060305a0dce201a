/* eslint-disable @typescript-eslint/no-explicit-any -- responses of the dynamically loaded grpc-js client */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createElasticsearch, type ElasticsearchAdapter } from '../../../src/adapters/elasticsearch/create-elasticsearch.js';
import { day } from '../../support/e2e.js';
import { ELASTICSEARCH_START_TIMEOUT_MS, elasticsearchUrl, uniqueIndexName } from '../../support/es-url.js';
import { BadRequestSchema } from '../../../src/gen/google/rpc/error_details_pb.js';
import { call, callError, grpcClients } from '../../support/grpc-client.js';
import { detailOf, statusDetails } from '../../support/grpc-status.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

// The whole application with SEARCH_BACKEND=elasticsearch: hotels created over gRPC reach the index
// through the outbox (catalog events) and the indexer consumer, and SearchAvailability finds them.

let server: TestServer;
let clients: ReturnType<typeof grpcClients>;
let es: ElasticsearchAdapter;
beforeAll(async () => {
  const url = await elasticsearchUrl();
  const index = uniqueIndexName('e2e');
  es = createElasticsearch({ url, index });
  server = await startTestServer({ broker: 'in-process', env: { SEARCH_BACKEND: 'elasticsearch', ELASTICSEARCH_URL: url, ELASTICSEARCH_INDEX: index } });
  clients = grpcClients(server.url);
}, ELASTICSEARCH_START_TIMEOUT_MS);
afterAll(async () => {
  clients?.close();
  await server?.stop();
  await es?.dropIndex();
  await es?.close();
});

/** Polls `probe` until it returns a value, or fails after `ms`: the index is eventually consistent by design. */
async function eventually<T>(probe: () => Promise<T | undefined>, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not true within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const search = (city: string, guests = 2) =>
  call(clients.search, 'searchAvailability', { city, checkIn: day(40), checkOut: day(42), guests, amenities: [] }) as Promise<{ hotels: any[] }>;

describe('search on Elasticsearch, fed from the outbox', () => {
  it('finds a hotel created over gRPC once its room type and inventory exist, with the price from inventory', async () => {
    const city = `Indexville ${randomUUID().slice(0, 8)}`;
    const { hotel } = await call(clients.admin, 'createHotel', {
      name: 'Indexed Hotel',
      city,
      countryCode: 'FR',
      latitude: 48.85,
      longitude: 2.35,
      timeZone: 'Europe/Paris',
      currencyCode: 'EUR',
      amenities: ['wifi'],
    });
    const { roomType } = await call(clients.admin, 'createRoomType', { hotelId: hotel.id, name: 'Family', maxGuests: 4, amenities: [] });
    await call(clients.admin, 'setInventory', { hotelId: hotel.id, roomTypeId: roomType.id, from: day(30), to: day(60), totalRooms: 2, nightlyPriceMinor: '15000' });

    const found = await eventually(async () => {
      const { hotels } = await search(city, 4);
      return hotels.length > 0 ? hotels : undefined;
    });
    expect(found.map((h) => h.hotel.id)).toEqual([hotel.id]);
    expect(found[0].roomTypes.map((rt: any) => [rt.roomType.id, rt.roomsAvailable, rt.totalPrice.amountMinor])).toEqual([[roomType.id, 2, '30000']]);
    // The document is the indexer's: straight from the index, with the room type nested.
    const [candidate] = await es.hotelSearch.findCandidates({ area: { kind: 'city', city }, amenities: ['wifi'], guests: 3, limit: 5 });
    expect(candidate?.roomTypes.map((rt) => rt.id)).toEqual([roomType.id]);
  });

  it('answers bad input with INVALID_ARGUMENT naming the field: a tampered page token, a distance sort without a point, a radius over 500 km', async () => {
    const fieldsOf = async (request: object) => {
      const error = await callError(clients.search, 'searchAvailability', { checkIn: day(40), checkOut: day(42), guests: 2, ...request });
      expect(error.code).toBe(3);
      return detailOf(statusDetails(error.metadata), BadRequestSchema)?.fieldViolations.map((v) => v.field);
    };
    expect(await fieldsOf({ city: 'Paris', pageToken: 'WzBd.bm90LWEtbWFj' })).toEqual(['page_token']);
    expect(await fieldsOf({ city: 'Paris', sort: 'SEARCH_SORT_DISTANCE' })).toEqual(['sort']);
    expect(await fieldsOf({ near: { latitude: 48.85, longitude: 2.35, radiusKm: 501 } })).toEqual(['near.radius_km']);
    expect(await fieldsOf({ near: { latitude: 91, longitude: 2.35, radiusKm: 5 } })).toEqual(['near.latitude']);
    expect(await fieldsOf({ city: 'Paris', checkIn: day(42), checkOut: day(40) })).toEqual(['check_out']);
    expect(await fieldsOf({ city: 'Paris', guests: 21 })).toEqual(['guests']);
  });
});
