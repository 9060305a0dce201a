import { AesGcmPiiProtector } from '../src/adapters/crypto/aes-gcm-pii-protector.js';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import pg from 'pg';
import { pino } from 'pino';
import { createShardedPostgres } from '../src/adapters/postgres/sharding/create-sharded-postgres.js';
import { ShardMap } from '../src/adapters/postgres/sharding/shard-map.js';
import { randomIdGenerator } from '../src/adapters/system/random-id-generator.js';
import { systemClock } from '../src/adapters/system/system-clock.js';
import { loadConfig } from '../src/app/config.js';
import { startApp } from '../src/app/start-app.js';
import { BookRoom } from '../src/core/booking/book-room.js';
import { bucketOf, bucketTag } from '../src/core/shared/routing-bucket.js';
import { AdminService } from '../src/gen/hotel/v1/admin_service_pb.js';
import type { IdGenerator } from '../src/ports/id-generator.js';
import { bearer, operatorToken, testAuthEnv } from '../test/support/auth.js';
import { writeBenchResult } from './lib/result.js';
import { StatementMeter } from './statement-meter.js';
import { ADMIN_URL, adminQuery } from './lib/database.js';
import { parsePlacement, type PlacedDatabase, withPlacedDatabase } from './lib/cpu-split.js';

/**
 * `npm run bench:booking [-- --clients 16 --seconds 10 --hotels 32 --rounds 2 --cpus split|shared]`
 *
 * 1. Two shard databases, the real server (startApp, SHARD_MAP of both, ROLE=api as the API
 *    Deployment runs it: the outbox relay and its consumers belong to the worker, and pgbench does
 *    not relay either), hotels spread over the shards with ample inventory.
 * 2. N concurrent gRPC clients (a separate process, bench/booking-load.ts) book for S seconds:
 *    bookings/s, p50, p99.
 * 3. The SQL our booking sends is captured from the same adapter code (one booking per hotel,
 *    message by message, BEGIN to COMMIT) and turned into pgbench scripts, the ids made unique
 *    per transaction with pgbench variables. pgbench runs them against the same two databases with
 *    as many connections per shard as the server used clients per shard, for S seconds.
 * 4. Prints our throughput as a ratio of pgbench's: the database's own limit for this transaction.
 *
 * Cores (bench/lib/cpu-split.ts): with `--cpus split`, the default on a machine of 2 cores or more
 * run as root, PostgreSQL runs in a cluster of its own pinned to half the cores and the server, its
 * load generator and pgbench share the others; the database then has the same cores for pgbench and
 * for us, as on separate machines in production, and the ratio says how close the server comes to
 * the database's limit. With `--cpus shared` everything shares every core of the machine's
 * PostgreSQL (TEST_DATABASE_ADMIN_URL), so the server's CPU is taken from the database's.
 */
const { values } = parseArgs({ options: { clients: { type: 'string' }, seconds: { type: 'string' }, hotels: { type: 'string' }, pool: { type: 'string' }, rounds: { type: 'string' }, cpus: { type: 'string' } } });
// Rounds alternate ours and pgbench, so a neighbour loading the machine for a while hits both alike.
const ROUNDS = Number(values.rounds ?? 2);
const CLIENTS = Number(values.clients ?? 16);
const SECONDS = Number(values.seconds ?? 10);
const HOTELS = Number(values.hotels ?? 32);
const PLACEMENT = parsePlacement(values.cpus);
const POOL = Number(values.pool ?? Math.max(10, Math.ceil(CLIENTS / 2) + 2));

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

function ensurePgbench(): void {
  try {
    execFileSync('pgbench', ['--version'], { stdio: 'ignore' });
  } catch {
    console.log('pgbench is missing: installing postgresql-contrib');
    execFileSync('apt-get', ['update'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', 'postgresql-contrib'], { stdio: 'inherit' });
  }
}

interface Target {
  hotelId: string;
  roomTypeId: string;
  checkIn: string;
  checkOut: string;
  shard: string;
}

/** Real AES-GCM sealing under throwaway keys: the benchmark measures what production does. */
const benchPii = () => new AesGcmPiiProtector({ keys: new Map([['bench', randomBytes(32)]]), activeKeyId: 'bench', indexKey: randomBytes(32) });

async function main(): Promise<void> {
  ensurePgbench();
  await withPlacedDatabase(PLACEMENT, ADMIN_URL, benchmark);
}

async function benchmark(placed: PlacedDatabase): Promise<void> {
  const admin = (sql: string) => adminQuery(sql, placed.adminUrl);
  const names = [0, 1].map((i) => `bench_${process.pid}_s${i}`);
  for (const name of names) await admin(`create database ${name}`);
  const urls = names.map((name) => {
    const url = new URL(placed.adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  });
  const map = ShardMap.even(urls.map((url, i) => ({ name: `s${i}`, url })));
  const meter = new StatementMeter();
  const auth = testAuthEnv();
  const app = await startApp(
    loadConfig({ HOST: '127.0.0.1', PORT: '0', SHARD_MAP: JSON.stringify(map), SEED_DEMO: 'never', OPS_PORT: '0', ROLE: 'api', DATABASE_POOL_SIZE: String(POOL), LOG_LEVEL: 'silent', RATE_LIMIT_PER_SECOND: '0', ...auth.env }),
    pino({ level: 'silent' }),
  );
  try {
    // Hotels, half on each shard, each with one room type, 10,000 rooms a night, and its own stay.
    const token = await operatorToken(app.url);
    const adminApi = createClient(AdminService, createGrpcTransport({ baseUrl: app.url, interceptors: [bearer(token)] }));
    const targets: Target[] = [];
    while (targets.length < HOTELS) {
      const { hotel } = await adminApi.createHotel({ name: `Bench ${targets.length}`, city: 'Benchville', countryCode: 'FR', latitude: 48.85, longitude: 2.35, timeZone: 'Europe/Paris', currencyCode: 'EUR', amenities: [] });
      const shard = map.shardOf(bucketOf(hotel!.id));
      if (targets.filter((t) => t.shard === shard).length >= HOTELS / 2) continue;
      const { roomType } = await adminApi.createRoomType({ hotelId: hotel!.id, name: 'Double', maxGuests: 2, amenities: [] });
      await adminApi.setInventory({ hotelId: hotel!.id, roomTypeId: roomType!.id, from: day(30), to: day(45), totalRooms: 10_000, nightlyPriceMinor: 12_500n });
      const start = 31 + (targets.length % 10);
      targets.push({ hotelId: hotel!.id, roomTypeId: roomType!.id, checkIn: day(start), checkOut: day(start + 2), shard });
    }

    console.log(`booking through the RPC server: ${CLIENTS} clients, ${SECONDS} s, ${HOTELS} hotels on 2 shards, pool ${POOL} per shard, ROLE=api; ${ROUNDS} rounds\n  cores: ${placed.description}`);
    const scripts = await captureScripts(map, targets);
    const perShard = Math.max(1, Math.ceil(CLIENTS / 2));
    let oursTotal = 0;
    let pgbenchTotal = 0;
    const latencies: { label: string; p50: number; p90: number; p99: number }[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      meter.start();
      const ours = await runLoad(app.url, token, targets);
      printStages(meter.stop());
      console.log(`  round ${round} ours:    ${ours.perSecond.toFixed(0)} bookings/s  p50 ${ours.p50.toFixed(1)} ms  p99 ${ours.p99.toFixed(1)} ms  (${ours.bookings} bookings, ${ours.errors} errors)`);
      const runs = await Promise.all(
        map.shards.map((shard) => runPgbench(shard.url, scripts.filter((s) => s.shard === shard.name).map((s) => s.file), perShard)),
      );
      const tps = runs.reduce((sum, r) => sum + r.tps, 0);
      console.log(`  round ${round} pgbench: ${tps.toFixed(0)} transactions/s (${runs.map((r, i) => `${map.shards[i]!.name} ${r.tps.toFixed(0)} tps, ${r.latency.toFixed(1)} ms`).join('; ')}), ${perShard} connections per shard`);
      oursTotal += ours.perSecond;
      pgbenchTotal += tps;
      latencies.push({ label: `CreateReservation, round ${round}`, p50: ours.p50, p90: Number.NaN, p99: ours.p99 });
    }
    console.log(`\nours ${(oursTotal / ROUNDS).toFixed(0)} bookings/s, pgbench ${(pgbenchTotal / ROUNDS).toFixed(0)} transactions/s of the same SQL`);
    console.log(`ratio ours / pgbench: ${(oursTotal / pgbenchTotal).toFixed(2)} (target >= 0.70)`);
    console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}; ${placed.description}`);
    writeBenchResult({
      name: 'booking',
      summary: `CreateReservation through gRPC from ${CLIENTS} clients for ${SECONDS} s (${HOTELS} hotels on 2 shards, server ROLE=api), against pgbench running the same captured SQL transactions on the same two databases; ${ROUNDS} alternating rounds`,
      figures: [
        { label: 'bookings/s through the API', value: oursTotal / ROUNDS, unit: '/s' },
        { label: 'pgbench, same transactions', value: pgbenchTotal / ROUNDS, unit: 'tx/s' },
      ],
      ratios: [{ label: 'API bookings / pgbench transactions', value: oursTotal / pgbenchTotal, target: 0.7 }],
      latencies,
      notes: [`cores (--cpus ${PLACEMENT}): ${placed.description}`, 'p90 is not measured by this benchmark'],
    });
  } finally {
    await app.stop();
    await auth.remove();
    for (const name of names) await admin(`drop database if exists ${name} with (force)`);
  }
}

/** Per booking: statements the server sent and the time it waited for them, by kind. */
function printStages(kinds: Map<string, { count: number; ms: number }>): void {
  const bookings = [...kinds].filter(([kind]) => kind.includes('reservation + revisions + outbox') || kind.includes('insert into reservations')).reduce((sum, [, k]) => sum + k.count, 0);
  if (bookings === 0) return;
  let statements = 0;
  let ms = 0;
  for (const k of kinds.values()) {
    statements += k.count;
    ms += k.ms;
  }
  console.log(`    server: ${(statements / bookings).toFixed(1)} statements and ${(ms / bookings).toFixed(1)} ms of database round trips per booking (${bookings} bookings incl. warm-up); by kind, per booking:`);
  for (const [kind, k] of [...kinds].sort((a, b) => b[1].ms - a[1].ms)) {
    console.log(`      ${(k.count / bookings).toFixed(2).padStart(5)} x ${(k.ms / k.count).toFixed(2).padStart(6)} ms  ${kind}`);
  }
}

function runLoad(url: string, token: string, targets: Target[]): Promise<{ bookings: number; errors: number; perSecond: number; p50: number; p99: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('node_modules/.bin/tsx', ['bench/booking-load.ts'], {
      env: { ...process.env, BENCH_URL: url, BENCH_TOKEN: token, BENCH_CLIENTS: String(CLIENTS), BENCH_SECONDS: String(SECONDS), BENCH_TARGETS: JSON.stringify(targets) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}')) : reject(new Error(`load generator exited with ${code}`))));
  });
}

/**
 * One booking per hotel through the adapter, recording every statement its connection sends, turned
 * into a pgbench script, one pgbench command per message: the ids that must be unique (reservation,
 * idempotency key, event) are written with pgbench variables, substituted on pgbench's side, so
 * pgbench runs exactly the server's round trips.
 */
async function captureScripts(map: ShardMap, targets: Target[]): Promise<{ shard: string; file: string }[]> {
  const adapter = await createShardedPostgres({ map, poolSize: 1, routeRefreshMs: 0, pii: benchPii() });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-booking-'));
  let log: string[] | undefined;
  // Every pg client of the process, so a key's home claim on the other shard is captured too (pgbench
  // then runs it on the hotel's shard, inside the transaction: the same statement on the same server).
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    if (log && typeof args[0] === 'string') log.push(inlineParams(args[0], Array.isArray(args[1]) ? (args[1] as unknown[]) : []));
    return original.apply(this, args);
  };
  const minted: { reservationId?: string; eventId?: string } = {};
  const ids: IdGenerator = {
    ...randomIdGenerator,
    reservationId: (hotelId) => (minted.reservationId = randomIdGenerator.reservationId(hotelId)),
    eventId: () => (minted.eventId = randomIdGenerator.eventId()),
  };
  const book = new BookRoom({ uow: adapter.uow, clock: systemClock, ids });
  const scripts: { shard: string; file: string }[] = [];
  let statementCount = 0;
  try {
    for (const [i, t] of targets.entries()) {
      const key = `capture-${randomUUID()}`;
      log = [];
      const result = await book.execute({ idempotencyScope: 'public', idempotencyKey: key, hotelId: t.hotelId, roomTypeId: t.roomTypeId, checkIn: t.checkIn, checkOut: t.checkOut, guests: 2, children: 0, ratePlanId: '', guestName: 'Bench Guest', guestEmail: 'bench@example.com' });
      const statements = log;
      log = undefined;
      if (!result.ok) throw new Error(`capture booking failed: ${JSON.stringify(result.error)}`);
      const tag = bucketTag(bucketOf(t.hotelId));
      // The ids that must differ per transaction become pgbench variables, substituted into the text
      // on the client (`:name`, quotes or not): no extra round trip. Each message the server sent is
      // one pgbench command; a message of several statements (BEGIN with the first, COMMIT with the
      // last) stays one, its separators written as pgbench's `\;`.
      const body = statements.map(
        (sql) =>
          sql
            .replaceAll(minted.reservationId!, `res_${tag}_:client_id-:r`)
            .replaceAll(key, 'bench-:client_id-:r')
            .replaceAll(minted.eventId!, 'evt-:client_id-:r')
            .trim()
            .replace(/;\s*\n/g, ' \\; ') + ';',
      );
      // A key's home claim on another shard commits on its own before the transaction: it comes first.
      if (!body.some((m) => /^begin\b/i.test(m)) || !/\bcommit;$/i.test(body.at(-1) ?? '')) throw new Error(`the captured booking has no BEGIN or does not end with COMMIT: ${body.map((m) => m.slice(0, 40)).join(' | ')}`);
      const file = path.join(dir, `hotel-${i}.sql`);
      writeFileSync(file, ['\\set r random(1, 1000000000000)', ...body].join('\n') + '\n');
      statementCount += body.length;
      scripts.push({ shard: t.shard, file });
    }
    console.log(`  captured ${scripts.length} booking transactions, ${(statementCount / scripts.length).toFixed(1)} statements each on average (begin, commit and a key's home claim included) (${dir})`);
  } finally {
    proto.query = original;
    await adapter.close();
  }
  return scripts;
}

/** `$n` parameters written into the text as literals (the home claim uses bind parameters). */
function inlineParams(sql: string, params: unknown[]): string {
  return sql.replace(/\$(\d+)/g, (_, n: string) => {
    const value = params[Number(n) - 1];
    return value === null || value === undefined ? 'null' : `'${String(value).replaceAll("'", "''")}'`;
  });
}

function runPgbench(url: string, files: string[], clients: number): Promise<{ tps: number; latency: number }> {
  return new Promise((resolve, reject) => {
    const args = ['-n', '-M', 'simple', '-c', String(clients), '-j', '1', '-T', String(SECONDS), ...files.flatMap((f) => ['-f', f]), url];
    const child = spawn('pgbench', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1];
      const latency = /latency average = ([\d.]+) ms/.exec(out)?.[1];
      if (code !== 0 || !tps) return reject(new Error(`pgbench failed (${code}):\n${err}\n${out}`));
      resolve({ tps: Number(tps), latency: Number(latency) });
    });
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
