import os from 'node:os';
import { parseArgs } from 'node:util';
import { create } from '@bufbuild/protobuf';
import { createClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import pg from 'pg';
import { pino } from 'pino';
import { loadConfig } from '../src/app/config.js';
import { startApp } from '../src/app/start-app.js';
import { AdminService } from '../src/gen/hotel/v1/admin_service_pb.js';
import { AriUpdateSchema, PartnerService, type AriUpdate } from '../src/gen/hotel/v1/partner_service_pb.js';
import { bearer, operatorToken, testAuthEnv } from '../test/support/auth.js';
import { writeBenchResult } from './lib/result.js';
import { adminQuery as admin } from './lib/database.js';

/**
 * `npm run bench:ari [-- --hotels 5 --room-types 20 --nights 365 --rounds 3]`
 *
 * Inventory-days applied per second through PartnerService.PushAri (the real server over gRPC,
 * one call holding every update: validation, per-hotel transactions, the set-based apply) versus
 * a raw SQL bulk update of the same rows (one UPDATE per hotel over a date range, in one
 * transaction per hotel, on a plain pg connection), in the same run, alternating rounds so that a
 * neighbour loading the machine hits both alike. Each round writes new values, so every row changes.
 * Also a push of many small updates (one week each), which measures the per-update overhead.
 */
const { values } = parseArgs({ options: { hotels: { type: 'string' }, 'room-types': { type: 'string' }, nights: { type: 'string' }, rounds: { type: 'string' } } });
const HOTELS = Number(values.hotels ?? 5);
const ROOM_TYPES = Number(values['room-types'] ?? 20);
const NIGHTS = Number(values.nights ?? 365);
const ROUNDS = Number(values.rounds ?? 3);
const ADMIN_URL = process.env['TEST_DATABASE_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

const RAW_SQL = `
update inventory
   set total_rooms = $2, price_minor = $3, stop_sell = $4, min_stay = $5
 where hotel_id = $1 and night >= $6::date and night < $7::date`;

async function main(): Promise<void> {
  const name = `bench_ari_${process.pid}`;
  await admin(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const auth = testAuthEnv();
  const app = await startApp(
    loadConfig({ HOST: '127.0.0.1', PORT: '0', DATABASE_URL: url.toString(), SEED_DEMO: 'never', LOG_LEVEL: 'silent', RATE_LIMIT_PER_SECOND: '0', ...auth.env }),
    pino({ level: 'silent' }),
  );
  const raw = new pg.Client({ connectionString: url.toString() });
  await raw.connect();
  try {
    const transport = createGrpcTransport({ baseUrl: app.url, interceptors: [bearer(await operatorToken(app.url))] });
    const adminApi = createClient(AdminService, transport);
    const partner = createClient(PartnerService, transport);
    const hotels: { id: string; roomTypes: string[] }[] = [];
    for (let h = 0; h < HOTELS; h++) {
      const { hotel } = await adminApi.createHotel({ name: `ARI ${h}`, city: 'Benchville', countryCode: 'FR', latitude: 48.85, longitude: 2.35, timeZone: 'UTC', currencyCode: 'EUR', amenities: [] });
      const roomTypes: string[] = [];
      for (let r = 0; r < ROOM_TYPES; r++) roomTypes.push((await adminApi.createRoomType({ hotelId: hotel!.id, name: `Room ${r}`, maxGuests: 2, amenities: [] })).roomType!.id);
      hotels.push({ id: hotel!.id, roomTypes });
    }
    const from = day(1);
    const to = day(1 + NIGHTS);
    const inventoryDays = HOTELS * ROOM_TYPES * NIGHTS;
    const yearUpdates = (round: number): AriUpdate[] =>
      hotels.flatMap((h) =>
        h.roomTypes.map((roomTypeId) =>
          create(AriUpdateSchema, { hotelId: h.id, roomTypeId, from, to, totalRooms: 10 + round, standardPriceMinor: BigInt(10_000 + round), stopSell: round % 2 === 1, minStay: 1 + (round % 3) }),
        ),
      );
    const weekUpdates = (round: number): AriUpdate[] =>
      hotels.flatMap((h) =>
        h.roomTypes.flatMap((roomTypeId) =>
          Array.from({ length: Math.floor(NIGHTS / 7) }, (_, w) =>
            create(AriUpdateSchema, { hotelId: h.id, roomTypeId, from: day(1 + w * 7), to: day(8 + w * 7), totalRooms: 20 + round, standardPriceMinor: BigInt(20_000 + round), minStay: 1 + (round % 2) }),
          ),
        ),
      );
    // Creates every night (and warms both paths).
    const seeded = await partner.pushAri({ updates: yearUpdates(0) });
    if (seeded.refused > 0) throw new Error(`seeding refused ${seeded.refused} updates: ${JSON.stringify(seeded.results.find((r) => !r.applied))}`);
    const weeks = weekUpdates(0).length;
    if (weeks > 10_000) throw new Error(`${weeks} weekly updates: more than one call takes; lower --hotels or --room-types`);

    console.log(`ARI push: ${HOTELS} hotels x ${ROOM_TYPES} room types x ${NIGHTS} nights = ${inventoryDays} inventory-days per round; ${ROUNDS} rounds`);
    const totals = { push: 0, weeks: 0, raw: 0 };
    for (let round = 1; round <= ROUNDS; round++) {
      let started = performance.now();
      const pushed = await partner.pushAri({ updates: yearUpdates(round) });
      const pushMs = performance.now() - started;
      if (pushed.refused > 0) throw new Error('a benchmark update was refused');

      started = performance.now();
      const pushedWeeks = await partner.pushAri({ updates: weekUpdates(round) });
      const weeksMs = performance.now() - started;
      if (pushedWeeks.refused > 0) throw new Error('a benchmark update was refused');
      const weekDays = Math.floor(NIGHTS / 7) * 7 * HOTELS * ROOM_TYPES;

      started = performance.now();
      for (const h of hotels) {
        await raw.query('begin');
        await raw.query(RAW_SQL, [h.id, 30 + round, 30_000 + round, round % 2 === 0, 1 + (round % 3), from, to]);
        await raw.query('commit');
      }
      const rawMs = performance.now() - started;

      const rate = (days: number, ms: number) => (days / ms) * 1000;
      console.log(
        `  round ${round}: PushAri ${rate(inventoryDays, pushMs).toFixed(0)} inventory-days/s (${pushMs.toFixed(0)} ms, ${yearUpdates(round).length} updates); ` +
          `PushAri weekly ${rate(weekDays, weeksMs).toFixed(0)} inventory-days/s (${weeksMs.toFixed(0)} ms, ${weeks} updates); ` +
          `raw SQL ${rate(inventoryDays, rawMs).toFixed(0)} inventory-days/s (${rawMs.toFixed(0)} ms)`,
      );
      totals.push += rate(inventoryDays, pushMs);
      totals.weeks += rate(weekDays, weeksMs);
      totals.raw += rate(inventoryDays, rawMs);
    }
    const push = totals.push / ROUNDS;
    const weekly = totals.weeks / ROUNDS;
    const rawRate = totals.raw / ROUNDS;
    console.log(`\nPushAri (one update per room type and year): ${push.toFixed(0)} inventory-days/s (target >= 50000)`);
    console.log(`PushAri (${weeks} weekly updates):          ${weekly.toFixed(0)} inventory-days/s`);
    console.log(`raw SQL bulk UPDATE of the same rows:       ${rawRate.toFixed(0)} inventory-days/s`);
    console.log(`ratio PushAri / raw SQL: ${(push / rawRate).toFixed(2)} (target >= 0.5); weekly / raw SQL: ${(weekly / rawRate).toFixed(2)}`);
    console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, PostgreSQL local, client on the same cores`);
    writeBenchResult({
      name: 'ari',
      summary: `PushAri through gRPC, ${HOTELS} hotels x ${ROOM_TYPES} room types x ${NIGHTS} nights per round, ${ROUNDS} rounds, against a raw SQL bulk UPDATE of the same rows in the same run`,
      figures: [
        { label: 'PushAri, one update per room type and year', value: push, unit: 'inventory-days/s' },
        { label: `PushAri, ${weeks} weekly updates`, value: weekly, unit: 'inventory-days/s' },
        { label: 'raw SQL bulk UPDATE', value: rawRate, unit: 'inventory-days/s' },
      ],
      ratios: [
        { label: 'PushAri / raw SQL', value: push / rawRate, target: 0.5 },
        { label: 'PushAri weekly updates / raw SQL', value: weekly / rawRate },
        { label: 'PushAri inventory-days/s / 50,000 (absolute target)', value: push / 50_000, target: 1 },
      ],
      latencies: [],
      notes: [],
    });
  } finally {
    await raw.end();
    await app.stop();
    await auth.remove();
    await admin(`drop database if exists ${name} with (force)`);
  }
}

await main();
