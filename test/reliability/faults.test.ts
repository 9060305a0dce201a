import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RetryInfoSchema } from '../../src/gen/google/rpc/error_details_pb.js';
import { call, grpcClients } from '../support/grpc-client.js';
import { detailOf, statusDetails } from '../support/grpc-status.js';
import { day, useTestServer } from '../support/e2e.js';
import { startMainProcess, type MainProcess } from '../support/main-process.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

// Fault injection against the real services (issue 11). Each test injects one fault at a moment it
// controls: database backends are killed while they are provably inside a booking transaction
// (blocked on a row lock the test holds), the server process is SIGKILLed after a known number of
// bookings were answered, SIGTERM arrives while calls are provably in flight. Then the invariants:
// a booking either fully exists or not at all, retries with the same key create nothing twice,
// reserved rooms equal live reservations on every night, no committed event is lost.

type Clients = ReturnType<typeof grpcClients>;

async function seedHotel(clients: Clients, rooms: number) {
  const { hotel } = await call(clients.admin, 'createHotel', {
    name: 'Fault Hotel', city: `Faults ${randomUUID().slice(0, 6)}`, countryCode: 'FR', latitude: 43.3, longitude: 5.37, timeZone: 'Europe/Paris', currencyCode: 'EUR',
  });
  const { roomType } = await call(clients.admin, 'createRoomType', { hotelId: hotel.id, name: 'Double', maxGuests: 2 });
  await call(clients.admin, 'setInventory', { hotelId: hotel.id, roomTypeId: roomType.id, from: day(10), to: day(20), totalRooms: rooms, nightlyPriceMinor: '10000' });
  return { hotelId: hotel.id as string, roomTypeId: roomType.id as string };
}

const bookingRequest = (h: { hotelId: string; roomTypeId: string }, i: number, key = randomUUID()) => ({
  idempotencyKey: key, hotelId: h.hotelId, roomTypeId: h.roomTypeId, checkIn: day(11 + (i % 3)), checkOut: day(14 + (i % 3)), guests: 2, guestName: `Guest ${i}`, guestEmail: `guest${i}@example.com`,
});

type Outcome = { ok: true; id: string } | { ok: false; error: grpc.ServiceError };
const settle = (p: Promise<{ reservation: { id: string } }>): Promise<Outcome> =>
  p.then((r) => ({ ok: true as const, id: r.reservation.id }), (error: grpc.ServiceError) => ({ ok: false as const, error }));

/** Reserved rooms per night against the live reservations covering it (HELD, CONFIRMED, CHECKED_IN). */
async function inventoryMismatches(db: pg.Client | pg.Pool, hotelId: string): Promise<unknown[]> {
  const { rows } = await db.query(
    `select i.night, i.reserved, count(r.id)::int as live
       from inventory i
       left join reservations r on r.hotel_id = i.hotel_id and r.room_type_id = i.room_type_id
        and r.status in ('HELD', 'CONFIRMED', 'CHECKED_IN') and i.night >= r.check_in and i.night < r.check_out
      where i.hotel_id = $1
      group by i.night, i.reserved
     having i.reserved <> count(r.id)`,
    [hotelId],
  );
  return rows;
}

/** Polls `read` until `done` holds (a condition, not a sleep), failing after `ms`. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('a database connection killed inside a booking transaction', () => {
  const e2e = useTestServer({ broker: 'in-process' });
  let db: pg.Client;
  beforeAll(async () => {
    db = new pg.Client({ connectionString: e2e.server.databaseUrl });
    await db.connect();
  });
  afterAll(() => db?.end());

  it('leaves each booking whole or absent, answers UNAVAILABLE with a retry hint, and a retry with the same key books once', async () => {
    const hotel = await seedHotel(e2e.clients, 50);
    const requests = Array.from({ length: 12 }, (_, i) => bookingRequest(hotel, i));
    // Hold every night of the room type: the bookings' transactions block on it, mid-transaction.
    const holder = new pg.Client({ connectionString: e2e.server.databaseUrl });
    await holder.connect();
    await holder.query('begin');
    await holder.query('select 1 from inventory where hotel_id = $1 for update', [hotel.hotelId]);
    const outcomes = requests.map((r) => settle(call(e2e.clients.booking, 'createReservation', r)));
    const blocked = await until(
      async () => (await db.query<{ pid: number }>(`select pid from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and pid <> $1`, [holderPid(holder)])).rows,
      (rows) => rows.length >= 6,
    );
    const victims = blocked.slice(0, 4).map((r) => r.pid);
    await db.query('select pg_terminate_backend(pid) from unnest($1::int[]) as pid', [victims]);
    await holder.query('commit');
    await holder.end();
    const settled = await Promise.all(outcomes);

    const failed = settled.flatMap((o, i) => (o.ok ? [] : [{ i, error: o.error }]));
    expect(failed.length, 'a killed backend fails its booking').toBeGreaterThanOrEqual(victims.length);
    for (const { error } of failed) {
      expect(error.code, error.details).toBe(grpc.status.UNAVAILABLE);
      expect(detailOf(statusDetails(error.metadata), RetryInfoSchema)?.retryDelay, 'a retry hint').toBeDefined();
    }
    // Nothing of a failed booking was left behind ...
    const { rows: stored } = await db.query<{ guest_name: string }>('select guest_name from reservations where hotel_id = $1', [hotel.hotelId]);
    expect(stored.map((r) => e2e.server.pii.open(r.guest_name)).sort()).toEqual(settled.flatMap((o, i) => (o.ok ? [`Guest ${i}`] : [])).sort());
    expect(await inventoryMismatches(db, hotel.hotelId)).toEqual([]);
    // ... and retrying with the same idempotency keys books each exactly once (the others replay).
    const retried = await Promise.all(requests.map((r) => call(e2e.clients.booking, 'createReservation', r)));
    for (const [i, o] of settled.entries()) if (o.ok) expect(retried[i].reservation.id).toBe(o.id);
    const { rows: after } = await db.query<{ n: number; events: number }>(
      `select count(*)::int as n, (select count(*)::int from outbox where aggregate_id in (select id from reservations where hotel_id = $1) and type = 'reservation.confirmed') as events
         from reservations where hotel_id = $1`,
      [hotel.hotelId],
    );
    expect(after[0]).toEqual({ n: requests.length, events: requests.length });
    expect(await inventoryMismatches(db, hotel.hotelId)).toEqual([]);
  });
});

function holderPid(client: pg.Client): number {
  return (client as unknown as { processID: number }).processID;
}

describe('the server process', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let main: MainProcess | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
  });
  afterEach(() => main?.kill());
  afterAll(async () => {
    await db?.end();
    await database?.drop();
  });

  it('SIGKILLed in the middle of a burst of bookings loses no committed booking or event, and keeps the inventory exact', async () => {
    main = await startMainProcess({ DATABASE_URL: database.url, OUTBOX_POLL_MS: '20' });
    let clients = grpcClients(main.url, main.token);
    const hotel = await seedHotel(clients, 500);
    const requests = Array.from({ length: 80 }, (_, i) => bookingRequest(hotel, i));
    let answered = 0;
    let killed!: () => void;
    const killedAfter = new Promise<void>((resolve) => (killed = resolve));
    const outcomes = requests.map((r) =>
      settle(call(clients.booking, 'createReservation', r)).then((o) => {
        if (o.ok && ++answered === 20) {
          main!.child.kill('SIGKILL');
          killed();
        }
        return o;
      }),
    );
    await killedAfter;
    const settled = await Promise.all(outcomes);
    clients.close();
    expect(await main.exited()).toBe(null); // killed by the signal, no clean exit
    const confirmed = settled.flatMap((o) => (o.ok ? [o.id] : []));
    expect(confirmed.length).toBeGreaterThanOrEqual(20);
    expect(confirmed.length, 'the kill interrupted the burst').toBeLessThan(requests.length);

    // Restart on the same database: every answered booking is there, the relay finishes the outbox.
    main = await startMainProcess({ DATABASE_URL: database.url, OUTBOX_POLL_MS: '20' });
    const stored = await db.query<{ id: string }>('select id from reservations where hotel_id = $1', [hotel.hotelId]);
    expect(stored.rows.map((r) => r.id)).toEqual(expect.arrayContaining(confirmed));
    expect(await inventoryMismatches(db, hotel.hotelId)).toEqual([]);
    const events = await db.query<{ aggregate_id: string }>(`select aggregate_id from outbox where type = 'reservation.confirmed'`);
    expect(events.rows.map((r) => r.aggregate_id).sort()).toEqual(stored.rows.map((r) => r.id).sort());
    await until(async () => (await db.query<{ n: number }>('select count(*)::int as n from outbox where sent_at is null')).rows[0]!.n, (n) => n === 0);
    // One guest notification per booking (the consumer is idempotent: a redelivered event adds none).
    const notified = await until(
      async () => (await db.query<{ reservation_id: string; n: number }>(`select reservation_id, count(*)::int as n from notifications group by reservation_id`)).rows,
      (rows) => rows.length === stored.rows.length,
    );
    expect(notified.every((r) => r.n === 1)).toBe(true);

    // And it books again as usual.
    clients = grpcClients(main.url, main.token);
    try {
      await call(clients.booking, 'createReservation', bookingRequest(hotel, 999));
    } finally {
      clients.close();
    }
  }, 120_000);

  it('on SIGTERM finishes the calls in flight, refuses new ones, stops its consumers and exits 0', async () => {
    main = await startMainProcess({ DATABASE_URL: database.url, OUTBOX_POLL_MS: '20' });
    const clients = grpcClients(main.url, main.token);
    const hotel = await seedHotel(clients, 50);
    // The bookings below block on this lock inside their transactions: provably in flight.
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    await holder.query('begin');
    await holder.query('select 1 from inventory where hotel_id = $1 for update', [hotel.hotelId]);
    const inFlight = Array.from({ length: 5 }, (_, i) => settle(call(clients.booking, 'createReservation', bookingRequest(hotel, i))));
    await until(
      async () => (await db.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)).rows[0]!.n,
      (n) => n >= 5,
    );
    main.child.kill('SIGTERM');
    await main.waitForLine((l) => l.includes('shutting down'));
    // Draining: readiness fails at once so Kubernetes stops routing here.
    expect((await fetch(`${main.ops}/readyz`).catch(() => ({ status: 503 }))).status).toBe(503);
    await holder.query('commit');
    await holder.end();
    const settled = await Promise.all(inFlight);
    expect(settled.map((o) => (o.ok ? 'OK' : o.error.code))).toEqual(['OK', 'OK', 'OK', 'OK', 'OK']);
    expect(await main.exited()).toBe(0);
    clients.close();
    const late = grpcClients(main.url, main.token);
    try {
      const error = await call(late.booking, 'getReservation', { reservationId: 'x' }).then(() => undefined, (e: grpc.ServiceError) => e);
      expect(error?.code).toBe(grpc.status.UNAVAILABLE);
    } finally {
      late.close();
    }
    const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from outbox where type = 'reservation.confirmed' and aggregate_id in (select id from reservations where hotel_id = $1)`, [hotel.hotelId]);
    expect(rows[0]!.n).toBe(5);
    expect(main.logLines().some((l) => l['level'] === 50 || l['level'] === 60)).toBe(false); // no error or fatal line on the way down
  }, 120_000);
});

