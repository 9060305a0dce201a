/* eslint-disable @typescript-eslint/no-explicit-any -- responses of the dynamically loaded grpc-js client */
import { afterAll, beforeAll } from 'vitest';
import { createElasticsearch, type ElasticsearchAdapter } from '../../src/adapters/elasticsearch/create-elasticsearch.js';
import { day } from './e2e.js';
import { ELASTICSEARCH_START_TIMEOUT_MS, elasticsearchUrl, uniqueIndexName } from './es-url.js';
import { call, grpcClients } from './grpc-client.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';
import { startTestServer, type TestServer } from './test-server.js';

export interface ElasticsearchApp {
  readonly server: TestServer;
  readonly clients: ReturnType<typeof grpcClients>;
  /** A direct client of the app's index, to look at what the indexer wrote. */
  readonly es: ElasticsearchAdapter;
  /** Set with `throughProxy`: the app reaches Elasticsearch only through it. */
  readonly proxy: TcpProxy | undefined;
}

/**
 * The whole application with SEARCH_BACKEND=elasticsearch on a private index of the test node, one
 * per test file (started in `beforeAll`, stopped and the index dropped in `afterAll`). With
 * `throughProxy` the app talks to Elasticsearch through a TCP proxy the test can take down.
 */
export function useElasticsearchApp(label: string, opts: { throughProxy?: boolean } = {}): ElasticsearchApp {
  const app: { -readonly [K in keyof ElasticsearchApp]?: ElasticsearchApp[K] } = {};
  beforeAll(async () => {
    const url = new URL(await elasticsearchUrl());
    const index = uniqueIndexName(label);
    app.proxy = opts.throughProxy ? await startTcpProxy({ host: url.hostname, port: Number(url.port) }) : undefined;
    app.es = createElasticsearch({ url: url.toString(), index });
    const appUrl = app.proxy ? `http://127.0.0.1:${app.proxy.port}` : url.toString();
    app.server = await startTestServer({ broker: 'in-process', env: { SEARCH_BACKEND: 'elasticsearch', ELASTICSEARCH_URL: appUrl, ELASTICSEARCH_INDEX: index } });
    app.clients = grpcClients(app.server.url, app.server.operatorToken);
  }, ELASTICSEARCH_START_TIMEOUT_MS);
  afterAll(async () => {
    app.clients?.close();
    await app.server?.stop();
    await app.proxy?.close();
    await app.es?.dropIndex();
    await app.es?.close();
  });
  const ready = <K extends keyof ElasticsearchApp>(key: K): NonNullable<ElasticsearchApp[K]> => {
    const value = app[key];
    if (value === undefined) throw new Error(`the Elasticsearch app is not started (${key}): use it inside tests`);
    return value as NonNullable<ElasticsearchApp[K]>;
  };
  return {
    get server() {
      return ready('server');
    },
    get clients() {
      return ready('clients');
    },
    get es() {
      return ready('es');
    },
    get proxy() {
      return app.proxy;
    },
  };
}

/** A hotel in `city` with one room type and 30 nights of inventory (2 rooms at 150.00), created over gRPC. */
export async function createSellableHotel(clients: ElasticsearchApp['clients'], input: { name: string; city: string; roomType: string; maxGuests: number }) {
  const { hotel } = await call(clients.admin, 'createHotel', {
    name: input.name,
    city: input.city,
    countryCode: 'FR',
    latitude: 48.85,
    longitude: 2.35,
    timeZone: 'Europe/Paris',
    currencyCode: 'EUR',
    amenities: ['wifi'],
  });
  const { roomType } = await call(clients.admin, 'createRoomType', { hotelId: hotel.id, name: input.roomType, maxGuests: input.maxGuests, amenities: [] });
  await call(clients.admin, 'setInventory', { hotelId: hotel.id, roomTypeId: roomType.id, from: day(30), to: day(60), totalRooms: 2, nightlyPriceMinor: '15000' });
  return { hotelId: hotel.id as string, roomTypeId: roomType.id as string };
}

/** SearchAvailability by city for two nights 40 days ahead. */
export const searchCity = (clients: ElasticsearchApp['clients'], city: string, guests = 2) =>
  call(clients.search, 'searchAvailability', { city, checkIn: day(40), checkOut: day(42), guests, amenities: [] }) as Promise<{ hotels: any[] }>;

/** Polls `probe` until it returns a value, or fails after `ms`: the index is eventually consistent by design. */
export async function eventually<T>(probe: () => Promise<T | undefined>, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not true within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
