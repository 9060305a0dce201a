import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { startApp, type RunningApp } from '../../src/app/start-app.js';
import { bucketOf } from '../../src/core/shared/routing-bucket.js';
import { RetryInfoSchema } from '../../src/gen/google/rpc/error_details_pb.js';
import { call, callError, grpcClients } from '../support/grpc-client.js';
import { operatorToken, testAuthEnv } from '../support/auth.js';
import { detailOf, statusDetails } from '../support/grpc-status.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

// The whole server on a SHARD_MAP of two databases, the second behind a proxy that can take it down.

let app: RunningApp;
let dbs: TestDatabase[];
let proxy: TcpProxy;
let clients: ReturnType<typeof grpcClients>;
const auth = testAuthEnv();

beforeAll(async () => {
  dbs = await Promise.all([createTestDatabase(), createTestDatabase()]);
  proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
  const s1 = new URL(dbs[1]!.url);
  s1.port = String(proxy.port);
  const shardMap = { shards: [{ name: 's0', url: dbs[0]!.url, buckets: '0-511' }, { name: 's1', url: s1.toString(), buckets: '512-1023' }] };
  const config = loadConfig({ HOST: '127.0.0.1', PORT: '0', SHARD_MAP: JSON.stringify(shardMap), SEED_DEMO: 'never', OUTBOX_POLL_MS: '50', DATABASE_POOL_SIZE: '4',
    // Without the search candidate cache: this test shows which shard answers a search. With it (the
    // default), a hotel of a shard that just went down stays in results for up to its TTL (5 s),
    // and booking it answers UNAVAILABLE with a retry hint, as below.
    SEARCH_CANDIDATE_CACHE_TTL_MS: '0',
    ...auth.env });
  app = await startApp(config, pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' }));
  clients = grpcClients(app.url, await operatorToken(app.url));
}, 60_000);

afterAll(async () => {
  clients?.close();
  await app?.stop();
  await proxy?.close();
  await Promise.all((dbs ?? []).map((db) => db.drop()));
  await auth.remove();
});

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** Creates hotels until one lands on the wanted shard (ids are random; each shard owns half the buckets). */
async function hotelOn(shard: 0 | 1, city: string) {
  for (;;) {
    const { hotel } = await call(clients.admin, 'createHotel', {
      name: `Sharded ${shard}`,
      city,
      countryCode: 'FR',
      latitude: 48.85,
      longitude: 2.35,
      timeZone: 'Europe/Paris',
      currencyCode: 'EUR',
      amenities: [],
    });
    if ((bucketOf(hotel.id) < 512 ? 0 : 1) !== shard) continue;
    const { roomType } = await call(clients.admin, 'createRoomType', { hotelId: hotel.id, name: 'Double', maxGuests: 2, amenities: [] });
    await call(clients.admin, 'setInventory', { hotelId: hotel.id, roomTypeId: roomType.id, from: day(30), to: day(40), totalRooms: 5, nightlyPriceMinor: '10000' });
    return { hotelId: hotel.id as string, roomTypeId: roomType.id as string };
  }
}

const booking = (h: { hotelId: string; roomTypeId: string }) => ({
  idempotencyKey: randomUUID(),
  hotelId: h.hotelId,
  roomTypeId: h.roomTypeId,
  checkIn: day(32),
  checkOut: day(34),
  guests: 2,
  guestName: 'Grace Hopper',
  guestEmail: 'grace@example.com',
});

describe('the server on two shards', () => {
  it("lists a guest's reservations from both shards, page by page, in booking order", async () => {
    const city = `Pages ${randomUUID().slice(0, 6)}`;
    const [h0, h1] = [await hotelOn(0, city), await hotelOn(1, city)];
    const email = `pager-${randomUUID().slice(0, 8)}@example.com`;
    const booked: string[] = [];
    for (const h of [h0, h1, h1, h0, h1]) booked.push((await call(clients.booking, 'createReservation', { ...booking(h), guestEmail: email })).reservation.id);
    const seen: string[][] = [];
    let pageToken = '';
    do {
      const page = await call(clients.booking, 'listMyReservations', { guestEmail: email, pageSize: 2, pageToken });
      seen.push(page.reservations.map((r: { id: string }) => r.id));
      pageToken = page.nextPageToken;
    } while (pageToken !== '' && seen.length < 10);
    expect(seen.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(seen.flat()).toEqual(booked); // booked one after the other: creation order
    const forged = await callError(clients.booking, 'listMyReservations', { guestEmail: 'other@example.com', pageSize: 2, pageToken: (await call(clients.booking, 'listMyReservations', { guestEmail: email, pageSize: 2 })).nextPageToken });
    expect(forged.code).toBe(grpc.status.INVALID_ARGUMENT);
  });

  it('books on both shards, stores each hotel on its own, searches across both, and fails only the shard that is down', async () => {
    const city = `Shardville ${randomUUID().slice(0, 6)}`;
    const h0 = await hotelOn(0, city);
    const h1 = await hotelOn(1, city);
    const r0 = await call(clients.booking, 'createReservation', booking(h0));
    const r1 = await call(clients.booking, 'createReservation', booking(h1));
    expect(bucketOf(r1.reservation.id)).toBe(bucketOf(h1.hotelId));

    for (const [i, id] of [h0.hotelId, h1.hotelId].entries()) {
      const client = new pg.Client({ connectionString: dbs[i]!.url });
      await client.connect();
      const other = new pg.Client({ connectionString: dbs[1 - i]!.url });
      await other.connect();
      expect((await client.query('select count(*)::int as n from reservations where hotel_id = $1', [id])).rows[0].n).toBe(1);
      expect((await other.query('select count(*)::int as n from hotels where id = $1', [id])).rows[0].n).toBe(0);
      await client.end();
      await other.end();
    }
    const found = await call(clients.search, 'searchAvailability', { city, checkIn: day(32), checkOut: day(34), guests: 2 });
    expect(found.hotels.map((h: { hotel: { id: string } }) => h.hotel.id).sort()).toEqual([h0.hotelId, h1.hotelId].sort());
    expect((await call(clients.booking, 'getReservation', { reservationId: r0.reservation.id })).reservation.id).toBe(r0.reservation.id);

    await proxy.down();
    const error = await callError(clients.booking, 'createReservation', booking(h1));
    expect(error.code).toBe(grpc.status.UNAVAILABLE);
    expect(detailOf(statusDetails(error.metadata), RetryInfoSchema)?.retryDelay).toBeDefined();
    expect((await callError(clients.booking, 'getReservation', { reservationId: r1.reservation.id })).code).toBe(grpc.status.UNAVAILABLE);
    // The other shard keeps booking, and search answers with its hotels.
    expect((await call(clients.booking, 'createReservation', booking(h0))).reservation.hotelId).toBe(h0.hotelId);
    const partial = await call(clients.search, 'searchAvailability', { city, checkIn: day(32), checkOut: day(34), guests: 2 });
    expect(partial.hotels.map((h: { hotel: { id: string } }) => h.hotel.id)).toEqual([h0.hotelId]);
    await proxy.up();
  });
});
