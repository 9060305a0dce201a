import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Code, ConnectError, createClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import pg from 'pg';
import { AdminService } from '../src/gen/hotel/v1/admin_service_pb.js';
import { BookingService } from '../src/gen/hotel/v1/booking_service_pb.js';
import { SearchService } from '../src/gen/hotel/v1/search_service_pb.js';
import { bearer } from '../test/support/auth.js';
import { startMainProcess } from '../test/support/main-process.js';
import { latencyRow, machine, writeBenchResult } from './lib/result.js';
import { adminQuery } from './lib/database.js';

/**
 * `npm run bench:soak [-- --seconds 600 --clients 16]`
 *
 * The server as `npm start` runs it (src/main.ts, its own process so its memory is its own) on a
 * fresh database on the local PostgreSQL with the demo data (50 hotels, 365 nights). N clients send
 * a mixed load for S seconds: 80% SearchAvailability, 15% CreateReservation, 5% CancelReservation of
 * an earlier booking. Every 10 s a progress line; memory (RSS, heap) read from the server's /metrics.
 * At the end: throughput, p50/p90/p99 per RPC, errors by code, memory after warm-up (the first 20%
 * of the run) and the invariants, checked in SQL: reserved rooms equal live reservations on every
 * night, no night sold beyond its allowance, the outbox drained, one confirmation per booking.
 */
const { values } = parseArgs({ options: { seconds: { type: 'string' }, clients: { type: 'string' } } });
const SECONDS = Number(values.seconds ?? process.env['SOAK_SECONDS'] ?? 600);
const CLIENTS = Number(values.clients ?? 16);
const ADMIN_URL = process.env['TEST_DATABASE_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

async function metric(opsUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${opsUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.split(' ').at(-1)) : Number.NaN;
}

async function main(): Promise<void> {
  const dbName = `hotel_soak_${randomBytes(4).toString('hex')}`;
  await adminQuery(`create database ${dbName}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const databaseUrl = url.toString();
  console.log(`soak: ${SECONDS} s, ${CLIENTS} clients, mix search 80% / book 15% / cancel 5%, database ${dbName}`);
  // One operator token for the whole run: it must outlive a soak longer than the default 15 minutes.
  const server = await startMainProcess(
    { DATABASE_URL: databaseUrl, SEED_DEMO: 'always', HOLD_SWEEP_MS: '5000', RATE_LIMIT_PER_SECOND: '0', ACCESS_TOKEN_TTL_SECONDS: '86400' },
    { retainLines: 200 },
  );
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    const transport = createGrpcTransport({ baseUrl: server.url, interceptors: [bearer(server.token)] });
    const admin = createClient(AdminService, transport);
    const booking = createClient(BookingService, transport);
    const search = createClient(SearchService, transport);

    const hotels = (await admin.listHotels({ pageSize: 100 })).hotels;
    const rooms = (await Promise.all(hotels.map(async (h) => (await admin.getHotel({ hotelId: h.id })).roomTypes.map((r) => ({ hotelId: h.id, roomTypeId: r.id, city: h.city, maxGuests: r.maxGuests })))))
      .flat();
    const cities = [...new Set(hotels.map((h) => h.city))];
    console.log(`demo data: ${hotels.length} hotels, ${rooms.length} room types in ${cities.length} cities`);

    const latencies: Record<'search' | 'book' | 'cancel', number[]> = { search: [], book: [], cancel: [] };
    const errors = new Map<string, number>();
    const booked: string[] = [];
    const memory: { at: number; rss: number; heap: number }[] = [];
    const started = performance.now();
    const deadline = started + SECONDS * 1000;
    let done = 0;

    const one = async (): Promise<void> => {
      const roll = Math.random();
      const kind = roll < 0.8 ? 'search' : roll < 0.95 || booked.length === 0 ? 'book' : 'cancel';
      const offset = 20 + Math.floor(Math.random() * 300);
      const t = performance.now();
      try {
        if (kind === 'search') {
          await search.searchAvailability({ location: { case: 'city', value: pick(cities) }, checkIn: day(offset), checkOut: day(offset + 2), guests: 2 });
        } else if (kind === 'book') {
          const room = pick(rooms);
          const { reservation } = await booking.createReservation({
            idempotencyKey: randomUUID(), hotelId: room.hotelId, roomTypeId: room.roomTypeId, checkIn: day(offset), checkOut: day(offset + 1 + Math.floor(Math.random() * 3)),
            guests: Math.min(2, room.maxGuests), guestName: 'Soak Guest', guestEmail: 'soak@example.com',
          });
          if (reservation) booked.push(reservation.id);
        } else {
          const id = booked.splice(Math.floor(Math.random() * booked.length), 1)[0]!;
          await booking.cancelReservation({ reservationId: id, idempotencyKey: randomUUID() });
        }
        latencies[kind].push(performance.now() - t);
      } catch (error) {
        const code = ConnectError.from(error).code;
        // Sold out is an answer, not a failure: its latency counts, the error table says how often.
        if (code === Code.FailedPrecondition) latencies[kind].push(performance.now() - t);
        const key = `${kind} ${Code[code]}`;
        errors.set(key, (errors.get(key) ?? 0) + 1);
      }
      done++;
    };
    const clients = Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < deadline) await one();
    });
    let lastDone = 0;
    const progress = setInterval(() => {
      void (async () => {
        const rss = await metric(server.ops, 'process_resident_memory_bytes');
        const heap = await metric(server.ops, 'nodejs_heap_size_used_bytes');
        const elapsed = (performance.now() - started) / 1000;
        memory.push({ at: elapsed, rss, heap });
        if (memory.length % 2 === 0) {
          const failures = [...errors.values()].reduce((a, b) => a + b, 0);
          console.log(`  ${elapsed.toFixed(0).padStart(4)} s  ${((done - lastDone) / 10).toFixed(0).padStart(5)} req/s  ${done} requests  ${failures} errors  rss ${(rss / 2 ** 20).toFixed(0)} MiB  heap ${(heap / 2 ** 20).toFixed(0)} MiB`);
          lastDone = done;
        }
      })();
    }, 5000);
    await Promise.all(clients);
    clearInterval(progress);
    const elapsed = (performance.now() - started) / 1000;

    // Memory after warm-up: the mean of the last fifth of the samples against the first fifth after the first 20% of the run.
    const warm = memory.filter((m) => m.at >= SECONDS * 0.2);
    const fifth = Math.max(1, Math.floor(warm.length / 5));
    const mean = (xs: { rss: number; heap: number }[], k: 'rss' | 'heap') => xs.reduce((a, m) => a + m[k], 0) / xs.length;
    const growth = (k: 'rss' | 'heap') => (warm.length >= 2 ? mean(warm.slice(-fifth), k) / mean(warm.slice(0, fifth), k) : Number.NaN);

    // Invariants, once the relay has drained the outbox.
    const drainDeadline = Date.now() + 60_000;
    let unsent = Number.POSITIVE_INFINITY;
    while (unsent > 0 && Date.now() < drainDeadline) {
      unsent = (await db.query<{ n: number }>('select count(*)::int as n from outbox where sent_at is null')).rows[0]!.n;
      if (unsent > 0) await new Promise((resolve) => setTimeout(resolve, 200)); // a bench may pace itself; tests may not
    }
    const mismatched = (
      await db.query<{ n: number }>(
        `select count(*)::int as n from (
           select i.hotel_id, i.room_type_id, i.night, i.reserved, count(r.id) as live
             from inventory i
             left join reservations r on r.hotel_id = i.hotel_id and r.room_type_id = i.room_type_id
              and r.status in ('HELD', 'CONFIRMED', 'CHECKED_IN') and i.night >= r.check_in and i.night < r.check_out
            group by 1, 2, 3, 4 having i.reserved <> count(r.id)) bad`,
      )
    ).rows[0]!.n;
    const oversold = (
      await db.query<{ n: number }>(
        `select count(*)::int as n from inventory i join hotels h on h.id = i.hotel_id
          where i.reserved > floor(i.total_rooms * (100 + h.overbooking_percent) / 100.0)`,
      )
    ).rows[0]!.n;
    const duplicateNotices = (
      await db.query<{ n: number }>(`select count(*)::int as n from (select reservation_id, kind from notifications group by 1, 2 having count(*) > 1) d`)
    ).rows[0]!.n;

    const rows = (['search', 'book', 'cancel'] as const).map((k) => latencyRow(k, latencies[k]));
    const total = Object.values(latencies).reduce((a, l) => a + l.length, 0);
    const failures = [...errors.entries()].filter(([k]) => !k.endsWith('FailedPrecondition'));
    console.log(`\nsoak done: ${total} answered requests in ${elapsed.toFixed(0)} s = ${(total / elapsed).toFixed(0)} req/s; machine: ${machine()}`);
    console.log('| rpc | requests | p50 ms | p90 ms | p99 ms |');
    console.log('| --- | --- | --- | --- | --- |');
    for (const r of rows) console.log(`| ${r.label} | ${latencies[r.label as keyof typeof latencies].length} | ${r.p50.toFixed(1)} | ${r.p90.toFixed(1)} | ${r.p99.toFixed(1)} |`);
    console.log(`errors by rpc and code: ${errors.size === 0 ? 'none' : [...errors].map(([k, n]) => `${k} ${n}`).join(', ')}`);
    console.log(`memory after warm-up: rss x${growth('rss').toFixed(2)}, heap x${growth('heap').toFixed(2)} (last fifth / first fifth; ${warm.length} samples)`);
    console.log(`invariants: nights where reserved != live reservations: ${mismatched}; nights sold beyond the allowance: ${oversold}; outbox unsent: ${unsent}; duplicate notifications: ${duplicateNotices}`);
    const invariantsHold = mismatched === 0 && oversold === 0 && unsent === 0 && duplicateNotices === 0;
    writeBenchResult({
      name: 'soak',
      summary: `mixed load (search 80%, book 15%, cancel 5%) from ${CLIENTS} clients for ${SECONDS} s against src/main.ts on the demo data`,
      figures: [
        { label: 'answered requests/s', value: total / elapsed, unit: '/s' },
        { label: 'unexpected errors', value: failures.reduce((a, [, n]) => a + n, 0), unit: '' },
        { label: 'RSS at the end', value: (memory.at(-1)?.rss ?? Number.NaN) / 2 ** 20, unit: 'MiB' },
      ],
      ratios: [
        { label: 'RSS growth after warm-up (last fifth / first fifth)', value: growth('rss') },
        { label: 'heap growth after warm-up', value: growth('heap') },
      ],
      latencies: rows.map((r) => ({ ...r, label: `soak ${r.label}` })),
      notes: [
        `invariants ${invariantsHold ? 'hold' : 'VIOLATED'}: ${mismatched} nights with reserved != live, ${oversold} oversold, ${unsent} unsent events, ${duplicateNotices} duplicate notifications`,
        `errors: ${errors.size === 0 ? 'none' : [...errors].map(([k, n]) => `${k} ${n}`).join(', ')} (FailedPrecondition = sold out or not cancellable, an answer)`,
      ],
    });
    if (!invariantsHold) process.exitCode = 1;
  } finally {
    server.child.kill('SIGTERM');
    await server.exited();
    await db.end();
    await adminQuery(`drop database if exists ${dbName} with (force)`);
  }
}

await main();
