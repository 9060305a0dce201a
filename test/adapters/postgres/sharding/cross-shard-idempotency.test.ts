import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyHomeRoutingId } from '../../../../src/adapters/postgres/sharding/key-homes.js';
import { randomIdGenerator } from '../../../../src/adapters/system/random-id-generator.js';
import { BookRoom } from '../../../../src/core/booking/book-room.js';
import { aBooking } from '../../../support/builders.js';
import { FakeClock } from '../../../support/clock.js';
import { shardedTestDatabases, type ShardedTestDatabases } from '../../../support/sharded-postgres.js';
import { NOW, seedHotel, type SeededHotel } from './sharding-fixtures.js';

const SCOPE = 'partner-a';

describe('idempotency keys across shards', () => {
  let sdb: ShardedTestDatabases;
  let book: BookRoom;
  // Hotels on each shard; the full one has no inventory, so every booking of it fails.
  let onShard: SeededHotel[];
  let full: SeededHotel;
  beforeAll(async () => {
    sdb = await shardedTestDatabases(2, { poolSize: 8 });
    book = new BookRoom({ uow: sdb.postgres.uow, clock: new FakeClock(NOW), ids: randomIdGenerator });
    onShard = [await seedHotel(sdb.postgres.uow, sdb.hotelIdOn(0), { rooms: 50 }), await seedHotel(sdb.postgres.uow, sdb.hotelIdOn(1), { rooms: 50 })];
    full = await seedHotel(sdb.postgres.uow, sdb.hotelIdOn(1), { rooms: 0 });
  });
  afterAll(async () => {
    await sdb?.dispose();
  });

  /** A fresh key whose home is shard `index`. */
  const keyHomedOn = (index: number): string => {
    for (;;) {
      const key = `key-${randomUUID()}`;
      if (sdb.postgres.router.shardOf(keyHomeRoutingId(SCOPE, key)).name === sdb.map.shards[index]!.name) return key;
    }
  };
  const request = (hotel: SeededHotel, key: string) => aBooking(hotel.hotelId, hotel.roomTypeId, { idempotencyScope: SCOPE, idempotencyKey: key });
  const reservationsWithKey = async (key: string): Promise<number> => {
    let n = 0;
    for (const client of sdb.clients) {
      const { rows } = await client.query(
        `select count(*)::int as n from reservations r join idempotency_keys k on k.resource_id = r.id where k.scope = $1 and k.key = $2`,
        [SCOPE, key],
      );
      n += rows[0].n as number;
    }
    return n;
  };

  // Every order: the key's home is the first hotel's shard or the second's, and either hotel first.
  for (const home of [0, 1]) {
    for (const first of [0, 1]) {
      it(`refuses the key for a hotel on another shard (key homed on s${home}, first booking on s${first})`, async () => {
        const key = keyHomedOn(home);
        const booked = await book.execute(request(onShard[first]!, key));
        expect(booked.ok).toBe(true);

        const elsewhere = await book.execute(request(onShard[1 - first]!, key));
        expect(elsewhere).toEqual({ ok: false, error: { code: 'IDEMPOTENCY_KEY_REUSED', key } });

        // The retry of the first request is still answered with the first reservation.
        const retry = await book.execute(request(onShard[first]!, key));
        expect(retry.ok && retry.value.replayed && booked.ok && retry.value.reservation.id === booked.value.reservation.id).toBe(true);
        expect(await reservationsWithKey(key)).toBe(1);
      });
    }
  }

  it('creates one reservation when requests with one key race for hotels on both shards', async () => {
    for (const home of [0, 1]) {
      const key = keyHomedOn(home);
      const outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) => book.execute(request(onShard[i % 2]!, key))));
      const created = outcomes.filter((o) => o.ok && !o.value.replayed);
      const replayed = outcomes.filter((o) => o.ok && o.value.replayed);
      const refused = outcomes.filter((o) => !o.ok && o.error.code === 'IDEMPOTENCY_KEY_REUSED');
      expect(created).toHaveLength(1);
      // Those for the winner's hotel replay it; those for the other shard's hotel are refused.
      expect(replayed.length).toBe(5);
      expect(refused.length).toBe(6);
      expect(await reservationsWithKey(key)).toBe(1);
    }
  });

  it('frees the key again when the booking that claimed it fails, so it can book elsewhere', async () => {
    // The full hotel is on s1: a key homed on s0 makes a home claim there, which the failure undoes.
    const key = keyHomedOn(0);
    const failed = await book.execute(request(full, key));
    expect(failed.ok ? 'booked' : failed.error.code).toBe('NO_AVAILABILITY');
    const { rows } = await sdb.clients[0]!.query('select count(*)::int as n from idempotency_keys where scope = $1 and key = $2', [SCOPE, key]);
    expect(rows[0].n).toBe(0);

    const booked = await book.execute(request(onShard[0]!, key));
    expect(booked.ok && !booked.value.replayed).toBe(true);
    expect(await reservationsWithKey(key)).toBe(1);
  });
});
