import { STAFF } from '../../../support/builders.js';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomIdGenerator } from '../../../../src/adapters/system/random-id-generator.js';
import { ShardMap } from '../../../../src/adapters/postgres/sharding/shard-map.js';
import { BookRoom } from '../../../../src/core/booking/book-room.js';
import { GetReservation } from '../../../../src/core/booking/get-reservation.js';
import type { CandidateQuery } from '../../../../src/ports/hotel-search.js';
import { aBooking } from '../../../support/builders.js';
import { FakeClock } from '../../../support/clock.js';
import { query, startReplicatedCluster, type ReplicatedCluster } from '../../../support/replica-cluster.js';
import { shardedTestDatabases, type ShardedTestDatabases } from '../../../support/sharded-postgres.js';
import { NOW, seedHotel } from './sharding-fixtures.js';

/** Polls `check` until it holds or the deadline passes; returns whether it held. */
async function eventually(check: () => Promise<boolean>, ms = 15_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe('reads on a real streaming replica', () => {
  let cluster: ReplicatedCluster;
  let sdb: ShardedTestDatabases;
  beforeAll(async () => {
    cluster = await startReplicatedCluster();
    // s0: the replicated cluster (primary + replica); s1: a database on the local server, no replica.
    sdb = await shardedTestDatabases(1, {
      mapOf: (dbs) =>
        ShardMap.parse({
          shards: [
            { name: 's0', url: cluster.primaryUrl, replicas: [cluster.replicaUrl], buckets: '0-511' },
            { name: 's1', url: dbs[0]!.url, buckets: '512-1023' },
          ],
        }),
    });
  }, 90_000);
  afterAll(async () => {
    await sdb?.dispose().catch(() => undefined);
    await cluster?.drop();
  });

  const city = `Replicaville ${randomUUID().slice(0, 6)}`;
  const search = (): Promise<string[]> =>
    sdb.postgres.hotelSearch
      .findCandidates({ area: { kind: 'city', city }, amenities: [], guests: 1, limit: 50 } satisfies CandidateQuery)
      .then((found) => found.map((c) => c.hotel.id));
  const hotelOnS0 = () => {
    for (;;) {
      const id = randomIdGenerator.hotelId();
      if (sdb.map.shardOf(Number.parseInt(id.slice(4, 7), 16)) === 's0') return id;
    }
  };

  it('serves listings from the replica, books only on the primary, and falls back to the primary without the replica', async () => {
    const book = new BookRoom({ uow: sdb.postgres.uow, clock: new FakeClock(NOW), ids: randomIdGenerator });
    const getReservation = new GetReservation({ uow: sdb.postgres.uow });
    const first = await seedHotel(sdb.postgres.uow, hotelOnS0(), { rooms: 2, hotel: { city } });
    // Written on the primary, visible on the replica once replayed: listings are eventually consistent.
    expect(await eventually(async () => (await search()).includes(first.hotelId))).toBe(true);

    // Freeze the replica: from now on it lags the primary by everything written next.
    await query(cluster.replicaUrl, 'select pg_wal_replay_pause()');
    const second = await seedHotel(sdb.postgres.uow, hotelOnS0(), { rooms: 2, hotel: { city } });
    expect(await query(cluster.primaryUrl, 'select id from hotels where id = $1', [second.hotelId])).toHaveLength(1);
    expect(await query(cluster.replicaUrl, 'select id from hotels where id = $1', [second.hotelId])).toHaveLength(0);
    const [{ replica_clients: before } = { replica_clients: 0 }] = await query<{ replica_clients: number }>(
      cluster.replicaUrl,
      `select count(*)::int as replica_clients from pg_stat_activity where datname = 'hotel' and backend_type = 'client backend'`,
    );
    // The listing comes from the replica: it does not know the second hotel yet.
    expect(await search()).toEqual([first.hotelId]);
    expect(before).toBeGreaterThan(1); // our pool's connections to the replica, besides this probe

    // Booking reads and writes the primary: the hotel the replica has never seen books fine.
    const booked = await book.execute(aBooking(second.hotelId, second.roomTypeId, { guestEmail: 'lag@example.com' }));
    expect(booked.ok).toBe(true);
    if (!booked.ok) return;
    expect((await getReservation.execute(booked.value.reservation.id, STAFF)).ok).toBe(true);
    // The guest's listing is replica-served too: not there yet, there once the replica catches up.
    expect((await sdb.postgres.guestReservations.listByGuestEmail('lag@example.com', 10)).reservations).toEqual([]);
    await query(cluster.replicaUrl, 'select pg_wal_replay_resume()');
    expect(await eventually(async () => (await sdb.postgres.guestReservations.listByGuestEmail('lag@example.com', 10)).reservations.length === 1)).toBe(true);
    expect((await search()).sort()).toEqual([first.hotelId, second.hotelId].sort());

    // Without the replica, listings fall back to the primary instead of failing.
    await cluster.stopReplica();
    const third = await seedHotel(sdb.postgres.uow, hotelOnS0(), { rooms: 2, hotel: { city } });
    expect((await search()).sort()).toEqual([first.hotelId, second.hotelId, third.hotelId].sort());
  });
});
