import { randomUUID } from 'node:crypto';
import { createClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../src/app/config.js';
import { startApp, type RunningApp } from '../../../src/app/start-app.js';
import { Health, HealthCheckResponse_ServingStatus as Status } from '../../../src/gen/grpc/health/v1/health_pb.js';
import { bearer, operatorToken, testAuthEnv } from '../../support/auth.js';
import { call, grpcClients } from '../../support/grpc-client.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';
import { RABBITMQ_URL, RabbitTestNames } from '../../support/rabbitmq.js';
import { find, parseSamples } from './prometheus-text.js';

// The Kubernetes split: ROLE=api pods serve RPCs only, ROLE=worker pods relay the outbox and consume.
// One database and one broker, two apps: a booking made on the API is notified by the worker.

let database: TestDatabase;
let names: RabbitTestNames;
let api: RunningApp;
let worker: RunningApp;
let inspector: pg.Pool;
const auth = testAuthEnv();

const start = (role: string) =>
  startApp(
    loadConfig({
      HOST: '127.0.0.1',
      PORT: '0',
      OPS_PORT: '0',
      ROLE: role,
      DATABASE_URL: database.url,
      SEED_DEMO: 'never',
      OUTBOX_POLL_MS: '50',
      AMQP_URL: RABBITMQ_URL,
      AMQP_EXCHANGE: names.exchange,
      AMQP_QUEUE_PREFIX: names.queuePrefix,
      ...auth.env,
    }),
    pino({ level: 'silent' }),
  );

beforeAll(async () => {
  database = await createTestDatabase();
  names = new RabbitTestNames();
  names.consumer('guest-notifications');
  api = await start('api');
  worker = await start('worker');
  inspector = new pg.Pool({ connectionString: database.url, max: 1 });
}, 60_000);

afterAll(async () => {
  await api?.stop();
  await worker?.stop();
  await inspector?.end();
  await names?.remove();
  await database?.drop();
  await auth.remove();
});

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('ROLE=api and ROLE=worker', () => {
  it('split the work: the API books, the worker relays and notifies', async () => {
    expect(worker.url).toBe('');
    const clients = grpcClients(api.url, await operatorToken(api.url));
    try {
      const { hotel } = await call(clients.admin, 'createHotel', {
        name: 'Split Hotel', city: `City ${randomUUID().slice(0, 8)}`, countryCode: 'FR', latitude: 48.85, longitude: 2.35,
        timeZone: 'Europe/Paris', currencyCode: 'EUR', amenities: [],
      });
      const { roomType } = await call(clients.admin, 'createRoomType', { hotelId: hotel.id, name: 'Double', maxGuests: 2, amenities: [] });
      await call(clients.admin, 'setInventory', { hotelId: hotel.id, roomTypeId: roomType.id, from: day(30), to: day(40), totalRooms: 3, nightlyPriceMinor: '9900' });
      const { reservation } = await call(clients.booking, 'createReservation', {
        idempotencyKey: randomUUID(), hotelId: hotel.id, roomTypeId: roomType.id, checkIn: day(31), checkOut: day(32), guests: 1, guestName: 'A', guestEmail: 'a@example.org',
      });
      await vi.waitFor(
        async () => {
          const { rows } = await inspector.query<{ n: number }>('select count(*)::int as n from notifications where reservation_id = $1', [reservation.id]);
          expect(rows[0]?.n).toBe(1);
        },
        { timeout: 15_000, interval: 50 },
      );
    } finally {
      clients.close();
    }
  });

  it('report what each role does: outbox and queues from the worker, RPCs from the API', async () => {
    const apiSamples = parseSamples(await (await fetch(`${api.opsUrl}/metrics`)).text());
    const workerSamples = parseSamples(await (await fetch(`${worker.opsUrl}/metrics`)).text());
    expect(find(apiSamples, 'hotel_rpc_server_duration_seconds_count', { method: 'CreateReservation', code: 'OK' })[0]?.value).toBe(1);
    expect(find(apiSamples, 'hotel_outbox_lag_seconds')).toEqual([]);
    expect(find(workerSamples, 'hotel_outbox_lag_seconds', { shard: 'all' })[0]?.value).toBe(0);
    expect(find(workerSamples, 'hotel_queue_consumers', { queue: `${names.queuePrefix}.guest-notifications` })[0]?.value).toBe(1);
    expect(find(workerSamples, 'hotel_rpc_server_duration_seconds_count')).toEqual([]);
    expect(await (await fetch(`${worker.opsUrl}/readyz`)).json()).toEqual({ ready: true, draining: false, checks: { database: true, broker: true } });
    expect(await (await fetch(`${api.opsUrl}/readyz`)).json()).toEqual({ ready: true, draining: false, checks: { database: true } });
  });

  it('answer gRPC health per API service on the API', async () => {
    const health = createClient(Health, createGrpcTransport({ baseUrl: api.url, interceptors: [bearer(await operatorToken(api.url))] }));
    for (const service of ['', 'hotel.v1.BookingService', 'hotel.v1.SearchService', 'hotel.v1.AdminService']) {
      expect((await health.check({ service })).status, service).toBe(Status.SERVING);
    }
    await expect(health.check({ service: 'hotel.v1.NoSuchService' })).rejects.toThrow('unknown service');
  });
});
