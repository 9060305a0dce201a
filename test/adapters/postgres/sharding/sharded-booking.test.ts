import { STAFF } from '../../../support/builders.js';
import { actingAs } from '../../../support/builders.js';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomIdGenerator } from '../../../../src/adapters/system/random-id-generator.js';
import { BookRoom } from '../../../../src/core/booking/book-room.js';
import { CancelReservation } from '../../../../src/core/booking/cancel-reservation.js';
import { ModifyReservation } from '../../../../src/core/booking/modify-reservation.js';
import { ServiceUnavailableError } from '../../../../src/core/shared/service-unavailable.js';
import { ShardMap } from '../../../../src/adapters/postgres/sharding/shard-map.js';
import { aBooking } from '../../../support/builders.js';
import { FakeClock } from '../../../support/clock.js';
import { shardedTestDatabases, type ShardedTestDatabases } from '../../../support/sharded-postgres.js';
import { startTcpProxy, type TcpProxy } from '../../../support/tcp-proxy.js';
import { ok } from '../../../../src/core/shared/result.js';
import { gate } from '../../../contract/persistence-fixtures.js';
import { INVARIANT_SQL, NOW, seedHotel, type SeededHotel } from './sharding-fixtures.js';

describe('booking across two shards', () => {
  let sdb: ShardedTestDatabases;
  let book: BookRoom;
  let cancel: CancelReservation;
  let modify: ModifyReservation;
  beforeAll(async () => {
    sdb = await shardedTestDatabases(2, { poolSize: 10 });
    const deps = { uow: sdb.postgres.uow, clock: new FakeClock(NOW), ids: randomIdGenerator };
    book = new BookRoom(deps);
    cancel = new CancelReservation(deps);
    modify = new ModifyReservation(deps);
  });
  afterAll(async () => {
    await sdb?.dispose();
  });

  const invariantBreaks = async () => (await Promise.all(sdb.clients.map((c) => c.query(INVARIANT_SQL)))).flatMap((r) => r.rows);
  const count = async (shard: number, sql: string, params: unknown[]) => Number((await sdb.clients[shard]!.query(sql, params)).rows[0].n);

  it('writes every row of a hotel on the shard its id routes to, and nothing on the other', async () => {
    const onS0 = await seedHotel(sdb.postgres.uow, sdb.hotelIdOn(0), { rooms: 2 });
    const onS1 = await seedHotel(sdb.postgres.uow, sdb.hotelIdOn(1), { rooms: 2 });
    for (const [hotel, home, other] of [
      [onS0, 0, 1],
      [onS1, 1, 0],
    ] as const) {
      const booked = await book.execute(aBooking(hotel.hotelId, hotel.roomTypeId, { checkIn: '2030-06-02', checkOut: '2030-06-04' }));
      expect(booked.ok).toBe(true);
      for (const table of ['room_types', 'inventory', 'reservations', 'outbox']) {
        expect(await count(home, `select count(*) as n from ${table} where hotel_id = $1`, [hotel.hotelId])).toBeGreaterThan(0);
        expect(await count(other, `select count(*) as n from ${table} where hotel_id = $1`, [hotel.hotelId])).toBe(0);
      }
      expect(await count(other, 'select count(*) as n from hotels where id = $1', [hotel.hotelId])).toBe(0);
      // The reservation id carries the hotel's bucket, so reading it by id alone finds the right shard.
      if (booked.ok) {
        const read = await sdb.postgres.uow.run(booked.value.reservation.id, async (tx) => ({ ok: true as const, value: await tx.reservations.get(booked.value.reservation.id) }));
        expect(read.ok && read.value?.hotelId).toBe(hotel.hotelId);
      }
    }
  });

  it('sells exactly the sellable rooms to 200 concurrent bookings over hotels on both shards', async () => {
    // Sellable rooms: 3, 2, floor(4 x 1.25) = 5, and 1: 11 in all, over two shards.
    const hotels = [
      { shard: 0, rooms: 3, overbooking: 0, sellable: 3 },
      { shard: 0, rooms: 2, overbooking: 0, sellable: 2 },
      { shard: 1, rooms: 4, overbooking: 25, sellable: 5 },
      { shard: 1, rooms: 1, overbooking: 0, sellable: 1 },
    ];
    const seeded: SeededHotel[] = [];
    for (const h of hotels) seeded.push(await seedHotel(sdb.postgres.uow, sdb.hotelIdOn(h.shard), { rooms: h.rooms, hotel: { overbookingPercent: h.overbooking } }));

    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        const hotel = seeded[i % seeded.length]!;
        return book.execute(aBooking(hotel.hotelId, hotel.roomTypeId, { idempotencyKey: `conc-${randomUUID()}`, checkIn: '2030-06-05', checkOut: '2030-06-08' }));
      }),
    );

    const failures = outcomes.flatMap((o) => (o.ok ? [] : [o.error.code]));
    expect(new Set(failures)).toEqual(new Set(['NO_AVAILABILITY']));
    seeded.forEach((hotel, i) => {
      const won = outcomes.filter((o) => o.ok && o.value.reservation.hotelId === hotel.hotelId).length;
      expect(won, `successes at hotel ${i}`).toBe(hotels[i]!.sellable);
    });
    expect(outcomes.filter((o) => o.ok).length).toBe(11);
    expect(await invariantBreaks()).toEqual([]);
    for (const [i, hotel] of seeded.entries()) {
      const { rows } = await sdb.clients[hotels[i]!.shard]!.query<{ reserved: number }>(
        `select reserved from inventory where hotel_id = $1 and night between '2030-06-05' and '2030-06-07' order by night`,
        [hotel.hotelId],
      );
      expect(rows.map((r) => r.reserved)).toEqual([hotels[i]!.sellable, hotels[i]!.sellable, hotels[i]!.sellable]);
    }
  });

  it('keeps every night equal to its live reservations under concurrent bookings, modifications and cancellations', async () => {
    const seeded: SeededHotel[] = [];
    for (const shard of [0, 0, 1, 1]) seeded.push(await seedHotel(sdb.postgres.uow, sdb.hotelIdOn(shard), { rooms: 6 }));
    let seed = 7;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return (seed >>> 16) % n; // the high bits: an LCG's low bits cycle quickly
    };
    const plan = Array.from({ length: 240 }, () => {
      const start = 1 + random(7);
      return {
        hotel: seeded[random(seeded.length)]!,
        checkIn: `2030-06-${String(start).padStart(2, '0')}`,
        checkOut: `2030-06-${String(start + 1 + random(3)).padStart(2, '0')}`,
        cancelTimes: [0, 0, 1, 2][random(4)]!,
        // Moves the stay by a day, racing the cancellations of the same reservation (and another move).
        modifyTimes: [0, 0, 1, 2][random(4)]!,
      };
    });
    let modified = 0;
    let cancelled = 0;
    let refusedSecondCancel = 0;
    const results = await Promise.all(
      plan.map(async (p) => {
        const booked = await book.execute(aBooking(p.hotel.hotelId, p.hotel.roomTypeId, { idempotencyKey: `mix-${randomUUID()}`, checkIn: p.checkIn, checkOut: p.checkOut }));
        if (!booked.ok) return booked.error.code;
        // Two cancellations of the same reservation race: exactly one may release the nights.
        const id = booked.value.reservation.id;
        const shifted = (date: string) => `2030-06-${String(Number(date.slice(8)) + 1).padStart(2, '0')}`;
        const [cancels, modifications] = await Promise.all([
          Promise.all(Array.from({ length: p.cancelTimes }, () => cancel.execute(id, STAFF))),
          Promise.all(Array.from({ length: p.modifyTimes }, () => modify.execute({ reservationId: id, principal: actingAs('test'), checkIn: shifted(p.checkIn), checkOut: shifted(p.checkOut) }))),
        ]);
        modified += modifications.filter((m) => m.ok).length;
        cancelled += cancels.filter((c) => c.ok).length;
        refusedSecondCancel += cancels.filter((c) => !c.ok && c.error.code === 'INVALID_TRANSITION').length;
        return 'BOOKED';
      }),
    );
    const booked = results.filter((r) => r === 'BOOKED').length;
    expect(booked).toBeGreaterThan(40);
    expect(results.filter((r) => r === 'NO_AVAILABILITY').length).toBeGreaterThan(0);
    expect(cancelled).toBe(plan.filter((p, i) => results[i] === 'BOOKED' && p.cancelTimes > 0).length);
    expect(refusedSecondCancel).toBe(plan.filter((p, i) => results[i] === 'BOOKED' && p.cancelTimes === 2).length);
    expect(modified).toBeGreaterThan(0);
    expect(await invariantBreaks()).toEqual([]);
    const hotelIds = seeded.map((h) => h.hotelId);
    const live = await Promise.all(sdb.clients.map((c) => c.query(`select count(*)::int as n from reservations where status = 'CONFIRMED' and hotel_id = any($1)`, [hotelIds])));
    expect(live.reduce((sum, r) => sum + (r.rows[0].n as number), 0)).toBe(booked - cancelled);
  });
});

describe('a shard that is down', () => {
  let proxy: TcpProxy;
  let sdb: ShardedTestDatabases;
  let book: BookRoom;
  let s0: SeededHotel;
  let s1: SeededHotel;
  beforeAll(async () => {
    proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
    sdb = await shardedTestDatabases(2, {
      poolSize: 4,
      mapOf: (dbs) => {
        const behindProxy = new URL(dbs[1]!.url);
        behindProxy.port = String(proxy.port);
        return ShardMap.even([
          { name: 's0', url: dbs[0]!.url },
          { name: 's1', url: behindProxy.toString() },
        ]);
      },
    });
    book = new BookRoom({ uow: sdb.postgres.uow, clock: new FakeClock(NOW), ids: randomIdGenerator });
    s0 = await seedHotel(sdb.postgres.uow, sdb.hotelIdOn(0), { rooms: 50, hotel: { city: 'Downtown' } });
    s1 = await seedHotel(sdb.postgres.uow, sdb.hotelIdOn(1), { rooms: 50, hotel: { city: 'Downtown' } });
  });
  afterAll(async () => {
    await sdb?.dispose();
    await proxy?.close();
  });

  const attempt = (hotel: SeededHotel) => book.execute(aBooking(hotel.hotelId, hotel.roomTypeId, { idempotencyKey: `down-${randomUUID()}` }));

  it('fails only its own hotels, with ServiceUnavailableError and a retry delay; the other shard keeps booking', async () => {
    expect((await attempt(s0)).ok).toBe(true);
    expect((await attempt(s1)).ok).toBe(true);

    await proxy.down();
    const error = await attempt(s1).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as ServiceUnavailableError).message).toContain('shard s1');
    expect((error as ServiceUnavailableError).retryAfterMs).toBeGreaterThan(0);
    const meanwhile = await Promise.all(Array.from({ length: 10 }, () => attempt(s0)));
    expect(meanwhile.every((o) => o.ok)).toBe(true);

    // The outbox relay keeps relaying the shard that answers.
    const relayed: string[] = [];
    for (let i = 0; i < 4; i++) await sdb.postgres.outboxFeed.relay(100, async (events) => void relayed.push(...events.map((e) => e.hotelId)));
    expect(relayed.filter((h) => h === s0.hotelId).length).toBeGreaterThanOrEqual(10);
    expect(relayed).not.toContain(s1.hotelId);

    // Search degrades to the shards that answer instead of failing.
    const found = await sdb.postgres.hotelSearch.findCandidates({ area: { kind: 'city', city: 'Downtown' }, amenities: [], guests: 1, limit: 10 });
    expect(found.map((c) => c.hotel.id)).toEqual([s0.hotelId]);

    // The shard comes back: its hotels book again (the pool drops its dead connections on first use).
    await proxy.up();
    const deadline = Date.now() + 10_000;
    let recovered = false;
    while (!recovered && Date.now() < deadline) {
      recovered = await attempt(s1).then(
        (o) => o.ok,
        (e: unknown) => {
          if (!(e instanceof ServiceUnavailableError)) throw e;
          return false;
        },
      );
    }
    expect(recovered).toBe(true);
  });

  it('gives the pool back every connection that died inside a transaction', async () => {
    // More outages mid-transaction than the pool (4) has connections: each would leak one without the guard.
    let diedInside = 0;
    for (let round = 0; diedInside < 6; round++) {
      expect(round, 'rounds needed for 6 deaths inside a transaction').toBeLessThan(40);
      const inside = gate();
      const cut = gate();
      const held = sdb.postgres.uow.run(s1.hotelId, async (tx) => {
        await tx.hotels.get(s1.hotelId);
        inside.open();
        await cut.opened;
        return ok(await tx.hotels.get(s1.hotelId)); // the connection is gone by now
      });
      // A pooled connection cut by the previous outage may only now be found dead (at BEGIN or the
      // first read, when the machine is slow to deliver its close): the transaction then fails before
      // it is inside, so it never opens the gate. Waiting on the gate alone hung here until the test
      // timed out; such a round does not count, and the next one gets a fresh connection.
      // A leaked pool never hands out a connection: that shows as 'no connection', not a test timeout.
      const noConnection = new Promise<'no connection'>((r) => setTimeout(() => r('no connection'), 10_000).unref());
      const reached = await Promise.race([inside.opened.then(() => 'inside' as const), held.then(() => 'failed early' as const, () => 'failed early' as const), noConnection]);
      expect(reached).not.toBe('no connection');
      if (reached === 'failed early') continue;
      await proxy.down();
      cut.open();
      await expect(held).rejects.toBeInstanceOf(ServiceUnavailableError);
      await proxy.up();
      diedInside++;
    }
    // Four bookings at once need all four connections: they finish only if none leaked (a leak makes
    // them wait for a connection for ever, hence the deadline rather than a plain loop).
    let stop = false;
    const deadline = new Promise<'stuck'>((r) => setTimeout(() => r('stuck'), 15_000).unref());
    const outcome = await Promise.race([
      (async () => {
        while (!stop) {
          const results = await Promise.allSettled(Array.from({ length: 4 }, () => attempt(s1)));
          if (results.every((r) => r.status === 'fulfilled' && r.value.ok)) return 'booked';
        }
        return 'stopped';
      })(),
      deadline,
    ]);
    stop = true;
    expect(outcome).toBe('booked');
  });
});
