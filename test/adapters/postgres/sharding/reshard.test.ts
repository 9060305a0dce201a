import { STAFF } from '../../../support/builders.js';
import { testPii } from '../../../support/pii.js';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moveBucket, type MovePhase } from '../../../../src/adapters/postgres/sharding/bucket-mover.js';
import { createShardedPostgres } from '../../../../src/adapters/postgres/sharding/create-sharded-postgres.js';
import { readShardMap } from '../../../../src/adapters/postgres/sharding/shard-map.js';
import { randomIdGenerator } from '../../../../src/adapters/system/random-id-generator.js';
import { BookRoom } from '../../../../src/core/booking/book-room.js';
import { CancelReservation } from '../../../../src/core/booking/cancel-reservation.js';
import { bucketTag } from '../../../../src/core/shared/routing-bucket.js';
import type { UnitOfWork } from '../../../../src/ports/unit-of-work.js';
import { aBooking } from '../../../support/builders.js';
import { FakeClock } from '../../../support/clock.js';
import { shardedTestDatabases, type ShardedTestDatabases } from '../../../support/sharded-postgres.js';
import { INVARIANT_SQL, NOW, range, seedHotel, type SeededHotel } from './sharding-fixtures.js';

const run = promisify(execFile);
const BUCKET = 5; // owned by s0 in the even two-shard map (s0: 0-511)
const idIn = (bucket: number) => `htl_${bucketTag(bucket)}_${randomUUID().replaceAll('-', '')}`;

describe('moving a bucket to another shard while bookings continue', () => {
  let sdb: ShardedTestDatabases;
  beforeAll(async () => {
    sdb = await shardedTestDatabases(2, { poolSize: 12 });
  });
  afterAll(async () => {
    await sdb?.dispose();
  });

  const booker = (uow: UnitOfWork) => new BookRoom({ uow, clock: new FakeClock(NOW), ids: randomIdGenerator });
  const count = async (shard: number, table: string, hotelIds: string[]) =>
    Number((await sdb.clients[shard]!.query(`select count(*) as n from ${table} where ${table === 'hotels' ? 'id' : 'hotel_id'} = any($1)`, [hotelIds])).rows[0].n);
  const invariantBreaks = async () => (await Promise.all(sdb.clients.map((c) => c.query(INVARIANT_SQL)))).flatMap((r) => r.rows);

  it('copies, verifies, switches and deletes, with bookings held during the switch and then served by the new shard', async () => {
    const nights = range('2030-02-01', '2030-09-01'); // 212 nights per hotel: a copy that takes a moment
    const moving: SeededHotel[] = [];
    for (let i = 0; i < 3; i++) moving.push(await seedHotel(sdb.postgres.uow, idIn(BUCKET), { rooms: 40, nights }));
    const staying = await seedHotel(sdb.postgres.uow, idIn(BUCKET + 1), { rooms: 5 });
    const movingIds = moving.map((h) => h.hotelId);
    const book = booker(sdb.postgres.uow);
    const cancel = new CancelReservation({ uow: sdb.postgres.uow, clock: new FakeClock(NOW), ids: randomIdGenerator });
    const attempt = (h: SeededHotel, i: number) =>
      book.execute(aBooking(h.hotelId, h.roomTypeId, { idempotencyKey: `move-${randomUUID()}`, checkIn: `2030-06-${String(1 + (i % 9)).padStart(2, '0')}`, checkOut: `2030-06-${String(3 + (i % 9)).padStart(2, '0')}` }));

    const before = await Promise.all(Array.from({ length: 12 }, (_, i) => attempt(moving[i % 3]!, i)));
    expect(before.every((o) => o.ok)).toBe(true);
    const beforeIds = before.flatMap((o) => (o.ok ? [o.value.reservation.id] : []));

    // Bookings keep coming while the mover runs: 4 at a time until it is done.
    let moving_ = true;
    const phases: MovePhase[] = [];
    const during: { startedIn: MovePhase | undefined; ok: boolean; id?: string }[] = [];
    const load = Promise.all(
      Array.from({ length: 4 }, async (_, worker) => {
        for (let i = 0; moving_; i++) {
          const startedIn = phases.at(-1);
          const outcome = await attempt(moving[(worker + i) % 3]!, i);
          during.push({ startedIn, ok: outcome.ok, ...(outcome.ok ? { id: outcome.value.reservation.id } : {}) });
        }
      }),
    );
    let cancellations: Promise<unknown[]> | undefined;
    const report = await moveBucket({
      map: sdb.map,
      bucket: BUCKET,
      to: 's1',
      batchSize: 100,
      onProgress: (p) => {
        if (phases.at(-1) !== p.phase) phases.push(p.phase);
        // Cancellations issued while the bucket is locked for the copy: they must wait, then apply on s1.
        if (p.phase === 'copy' && !cancellations) cancellations = Promise.all(beforeIds.slice(0, 4).map((id) => cancel.execute(id, STAFF)));
      },
    });
    moving_ = false;
    await load;
    const cancelled = await cancellations;

    expect(phases).toEqual(['lock', 'copy', 'verify', 'switch', 'delete', 'done']);
    expect(report).toMatchObject({ bucket: BUCKET, from: 's0', to: 's1', hotels: 3 });
    expect(report.rows['inventory']).toBe(3 * nights.nightCount);
    expect(report.map.shardOf(BUCKET)).toBe('s1');
    expect(cancelled?.every((c) => (c as { ok: boolean }).ok)).toBe(true);

    // Everything of the bucket is on s1 and nothing is left on s0; the neighbour bucket did not move.
    for (const table of ['hotels', 'room_types', 'inventory', 'reservations', 'outbox']) {
      expect(await count(0, table, movingIds), `${table} left on s0`).toBe(0);
      expect(await count(1, table, movingIds), `${table} on s1`).toBeGreaterThan(0);
    }
    expect(await count(0, 'hotels', [staying.hotelId])).toBe(1);
    const booked = before.length + during.filter((d) => d.ok).length;
    expect(await count(1, 'reservations', movingIds)).toBe(booked);
    const idempotency = await sdb.clients[1]!.query('select count(*)::int as n from idempotency_keys where resource_id = any($1)', [beforeIds]);
    expect(idempotency.rows[0].n).toBe(beforeIds.length);
    expect(during.some((d) => d.ok && (d.startedIn === 'copy' || d.startedIn === 'lock' || d.startedIn === 'verify'))).toBe(true);
    expect(during.filter((d) => d.ok).length).toBeGreaterThan(0);
    expect(await invariantBreaks()).toEqual([]);
    expect((await sdb.clients[0]!.query('select moved_to from shard_bucket_fences where bucket = $1', [BUCKET])).rows).toEqual([{ moved_to: 's1' }]);
    expect(sdb.postgres.router.shardOfBucket(BUCKET).name).toBe('s1');

    // A process that still has the old map is redirected by the fence, and books on s1.
    const stale = await createShardedPostgres({ map: sdb.map, poolSize: 2, routeRefreshMs: 0, pii: testPii() });
    try {
      const late = await booker(stale.uow).execute(aBooking(moving[0]!.hotelId, moving[0]!.roomTypeId, { idempotencyKey: `late-${randomUUID()}` }));
      expect(late.ok).toBe(true);
      expect(await count(1, 'reservations', movingIds)).toBe(booked + 1);
      // The notification log follows the fence too, and records once.
      const entry = { eventId: randomUUID(), hotelId: moving[1]!.hotelId, reservationId: 'res_x', kind: 'booking_confirmation' as const, recipient: 'a@example.com' };
      expect(await stale.notifications.recordOnce(entry)).toBe(true);
      expect(await stale.notifications.recordOnce(entry)).toBe(false);
      expect([await count(0, 'notifications', [entry.hotelId]), await count(1, 'notifications', [entry.hotelId])]).toEqual([0, 1]);
    } finally {
      await stale.close();
    }
  });

  it('moves a bucket back from the command line, rewriting the map file, with a progress report', async () => {
    const hotel = await seedHotel(sdb.postgres.uow, idIn(BUCKET + 2), { rooms: 3 });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'shard-map-')), 'shards.json');
    writeFileSync(file, JSON.stringify(sdb.map));
    const cli = await run('node_modules/.bin/tsx', ['src/adapters/postgres/cli/reshard.ts', '--bucket', String(BUCKET + 2), '--to', 's1', '--map', file], { env: { ...process.env } });
    expect(cli.stdout).toContain(`moved bucket ${BUCKET + 2} from s0 to s1: 1 hotels`);
    expect(cli.stderr).toMatch(/copy\s+\[#+-*\]/);
    expect(readShardMap(readFileSync(file, 'utf8')).shardOf(BUCKET + 2)).toBe('s1');
    expect(await count(1, 'inventory', [hotel.hotelId])).toBe(10);
    // This process never heard of the move: the fence sends its unit of work to s1.
    expect(sdb.postgres.router.shardOfBucket(BUCKET + 2).name).toBe('s0');
    const booked = await booker(sdb.postgres.uow).execute(aBooking(hotel.hotelId, hotel.roomTypeId, { idempotencyKey: `cli-${randomUUID()}` }));
    expect(booked.ok).toBe(true);
    expect(await count(1, 'reservations', [hotel.hotelId])).toBe(1);
    expect(sdb.postgres.router.shardOfBucket(BUCKET + 2).name).toBe('s1');

    const usage = await run('node_modules/.bin/tsx', ['src/adapters/postgres/cli/reshard.ts', '--bucket', '5000', '--to', 's1', '--map', file]).catch((e: { code: number; stderr: string }) => e);
    expect((usage as { code: number }).code).toBe(2);
  }, 30_000);
});
