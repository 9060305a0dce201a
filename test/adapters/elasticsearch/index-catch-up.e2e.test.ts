/* eslint-disable @typescript-eslint/no-explicit-any -- responses of the dynamically loaded grpc-js client */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createElasticsearch, type ElasticsearchAdapter } from '../../../src/adapters/elasticsearch/create-elasticsearch.js';
import { day } from '../../support/e2e.js';
import { ELASTICSEARCH_START_TIMEOUT_MS, elasticsearchUrl, uniqueIndexName } from '../../support/es-url.js';
import { call, grpcClients } from '../../support/grpc-client.js';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

// The app reaches Elasticsearch through a TCP proxy that the test takes down: changes made during the
// outage stay in the outbox-fed indexer and reach the index once Elasticsearch answers again.

let server: TestServer;
let clients: ReturnType<typeof grpcClients>;
let es: ElasticsearchAdapter;
let proxy: TcpProxy;
beforeAll(async () => {
  const url = new URL(await elasticsearchUrl());
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port) });
  const index = uniqueIndexName('outage');
  es = createElasticsearch({ url: url.toString(), index });
  server = await startTestServer({ broker: 'in-process', env: { SEARCH_BACKEND: 'elasticsearch', ELASTICSEARCH_URL: `http://127.0.0.1:${proxy.port}`, ELASTICSEARCH_INDEX: index } });
  clients = grpcClients(server.url);
}, ELASTICSEARCH_START_TIMEOUT_MS);
afterAll(async () => {
  clients?.close();
  await server?.stop();
  await proxy?.close();
  await es?.dropIndex();
  await es?.close();
});

it('catches up after an Elasticsearch outage: a hotel created while the index was down is found once it is back', async () => {
  const city = `Outageville ${randomUUID().slice(0, 8)}`;
  await proxy.down();
  const { hotel } = await call(clients.admin, 'createHotel', {
    name: 'Created During Outage',
    city,
    countryCode: 'FR',
    latitude: 48.85,
    longitude: 2.35,
    timeZone: 'Europe/Paris',
    currencyCode: 'EUR',
    amenities: ['wifi'],
  });
  const { roomType } = await call(clients.admin, 'createRoomType', { hotelId: hotel.id, name: 'Double', maxGuests: 2, amenities: [] });
  await call(clients.admin, 'setInventory', { hotelId: hotel.id, roomTypeId: roomType.id, from: day(30), to: day(60), totalRooms: 2, nightlyPriceMinor: '15000' });
  // Well past the in-process bus's own retries (5 attempts, 100 ms apart) while the index is unreachable.
  const downUntil = Date.now() + 1_500;
  while (Date.now() < downUntil) {
    expect(await es.hotelSearch.findCandidates({ area: { kind: 'city', city }, amenities: [], guests: 1, limit: 5 })).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await proxy.up();

  const deadline = Date.now() + 10_000;
  let hotels: any[] = [];
  while (hotels.length === 0 && Date.now() < deadline) {
    hotels = (await call(clients.search, 'searchAvailability', { city, checkIn: day(40), checkOut: day(42), guests: 2, amenities: [] }).catch(() => ({ hotels: [] }))).hotels;
    if (hotels.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(hotels.map((h) => h.hotel.id)).toEqual([hotel.id]);
  expect(hotels[0].roomTypes.map((rt: any) => rt.roomType.id)).toEqual([roomType.id]);
});
