import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomIdGenerator } from '../../../../src/adapters/system/random-id-generator.js';
import { BookRoom } from '../../../../src/core/booking/book-room.js';
import type { ReservationCursor } from '../../../../src/ports/guest-reservations.js';
import { aBooking } from '../../../support/builders.js';
import { FakeClock } from '../../../support/clock.js';
import { shardedTestDatabases, type ShardedTestDatabases } from '../../../support/sharded-postgres.js';
import { NOW, seedHotel, type SeededHotel } from './sharding-fixtures.js';

describe("a guest's reservations across shards (fan-out)", () => {
  let sdb: ShardedTestDatabases;
  let clock: FakeClock;
  let book: BookRoom;
  let hotels: SeededHotel[];
  beforeAll(async () => {
    sdb = await shardedTestDatabases(2);
    clock = new FakeClock(NOW);
    book = new BookRoom({ uow: sdb.postgres.uow, clock, ids: randomIdGenerator });
    hotels = [];
    for (const shard of [0, 1, 0, 1]) hotels.push(await seedHotel(sdb.postgres.uow, sdb.hotelIdOn(shard), { rooms: 50 }));
  });
  afterAll(async () => {
    await sdb?.dispose();
  });

  async function bookAt(at: Date, hotel: SeededHotel, email: string): Promise<string> {
    clock.set(at);
    const booked = await book.execute(aBooking(hotel.hotelId, hotel.roomTypeId, { idempotencyKey: `g-${randomUUID()}`, guestEmail: email }));
    if (!booked.ok) throw new Error(JSON.stringify(booked.error));
    return booked.value.reservation.id;
  }

  async function allPages(email: string, size: number, between?: (page: number) => Promise<void>): Promise<string[][]> {
    const pages: string[][] = [];
    let after: ReservationCursor | undefined;
    for (let page = 0; page < 50; page++) {
      const result = await sdb.postgres.guestReservations.listByGuestEmail(email, size, after);
      pages.push(result.reservations.map((r) => r.id));
      if (!result.next) return pages;
      after = result.next;
      await between?.(page);
    }
    throw new Error('pagination did not end');
  }

  it('pages through reservations on both shards in (created_at, id) order, each exactly once, even as new ones arrive', async () => {
    const email = `guest-${randomUUID()}@example.com`;
    const expected: { at: number; id: string }[] = [];
    for (let i = 0; i < 14; i++) {
      // Pairs share an instant (on different shards): the id breaks the tie.
      const at = NOW.getTime() + Math.floor(i / 2) * 1_000;
      expected.push({ at, id: await bookAt(new Date(at), hotels[i % hotels.length]!, email) });
    }
    await bookAt(new Date(NOW.getTime() + 500), hotels[0]!, `someone-else-${randomUUID()}@example.com`);
    const order = (list: { at: number; id: string }[]) => [...list].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((r) => r.id);

    const pages = await allPages(email, 4);
    expect(pages.map((p) => p.length)).toEqual([4, 4, 4, 2]);
    expect(pages.flat()).toEqual(order(expected));

    // Bookings made while a guest pages through appear once, at the end (they sort last).
    const added: { at: number; id: string }[] = [];
    const walked = await allPages(email, 5, async (page) => {
      const at = NOW.getTime() + 60_000 + page;
      added.push({ at, id: await bookAt(new Date(at), hotels[(page + 1) % hotels.length]!, email) });
    });
    expect(walked.flat()).toEqual(order([...expected, ...added]));
    expect(new Set(walked.flat()).size).toBe(walked.flat().length);
  });

  it('answers an empty last page for an unknown guest, and refuses a bad limit', async () => {
    expect(await sdb.postgres.guestReservations.listByGuestEmail('nobody@example.com', 10)).toEqual({ reservations: [] });
    await expect(sdb.postgres.guestReservations.listByGuestEmail('x@example.com', 0)).rejects.toThrow(RangeError);
  });
});
