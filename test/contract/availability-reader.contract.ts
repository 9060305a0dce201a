import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryNight } from '../../src/core/inventory/inventory-night.js';
import type { AvailabilityReader } from '../../src/ports/availability-reader.js';
import type { UnitOfWork } from '../../src/ports/unit-of-work.js';
import { nightAt, seedNights, seedRoomType, stayAt, type SeededRoomType } from './persistence-fixtures.js';

export interface AvailabilityReaderHarness {
  /** Where the inventory is written. */
  readonly uow: UnitOfWork;
  readonly reader: AvailabilityReader;
  /** The id of the test's i-th hotel (to spread them over shards); unset: minted. */
  readonly hotelId?: (i: number) => string;
  dispose(): Promise<void>;
}

/** The AvailabilityReader port's contract: Postgres, sharded Postgres, memory, and the caching reader over them. */
export function describeAvailabilityReaderContract(adapter: string, create: () => Promise<AvailabilityReaderHarness>): void {
  describe(`AvailabilityReader contract: ${adapter}`, () => {
    let h: AvailabilityReaderHarness;
    let a: SeededRoomType;
    let b: SeededRoomType;
    let c: SeededRoomType;
    beforeAll(async () => {
      h = await create();
      a = await seedRoomType(h.uow, {}, h.hotelId?.(0));
      b = await seedRoomType(h.uow, { currency: 'USD' }, h.hotelId?.(1));
      c = await seedRoomType(h.uow, {}, h.hotelId?.(2));
      await seedNights(h.uow, a, stayAt(0, 5), 3, 10_000);
      await seedNights(h.uow, b, stayAt(1, 1), 7, 20_000);
      await seedNights(h.uow, c, stayAt(0, 5), 1, 30_000);
      await h.uow.run(a.hotelId, (tx) => tx.inventory.reserve({ hotelId: a.hotelId, roomTypeId: a.roomTypeId, stay: stayAt(1, 1), rooms: 2 }, 0));
    });
    afterAll(async () => {
      await h?.dispose();
    });

    const name = (n: InventoryNight) => (n.roomTypeId === a.roomTypeId ? 'a' : n.roomTypeId === b.roomTypeId ? 'b' : n.roomTypeId === c.roomTypeId ? 'c' : '?');
    const summary = (answers: readonly (readonly InventoryNight[])[]) =>
      answers.map((nights) => nights.map((n) => `${name(n)} ${n.date.toString()} ${n.totalRooms}/${n.reserved} ${n.price.amountMinor} ${n.price.currency}`).sort());

    it('answers each room type with its existing nights of the stay and its departure day, in the order asked', async () => {
      const ask = (s: SeededRoomType) => ({ hotelId: s.hotelId, roomTypeId: s.roomTypeId });
      const expected = {
        a: [`a ${nightAt(1).toString()} 3/2 10000 EUR`, `a ${nightAt(2).toString()} 3/0 10000 EUR`, `a ${nightAt(3).toString()} 3/0 10000 EUR`],
        b: [`b ${nightAt(1).toString()} 7/0 20000 USD`],
        c: [`c ${nightAt(1).toString()} 1/0 30000 EUR`, `c ${nightAt(2).toString()} 1/0 30000 EUR`, `c ${nightAt(3).toString()} 1/0 30000 EUR`],
      };
      expect(summary(await h.reader.nightsByRoomType([ask(a), ask(b), ask(c)], stayAt(1, 2)))).toEqual([expected.a, expected.b, expected.c]);
      expect(summary(await h.reader.nightsByRoomType([ask(c), ask(a), ask(b)], stayAt(1, 2)))).toEqual([expected.c, expected.a, expected.b]);
    });

    it('keeps the order when a room type read before is asked again with others (a caching reader mixes hits and misses)', async () => {
      const stay = stayAt(2, 1);
      const ask = (s: SeededRoomType) => ({ hotelId: s.hotelId, roomTypeId: s.roomTypeId });
      await h.reader.nightsByRoomType([ask(c)], stay);
      expect(summary(await h.reader.nightsByRoomType([ask(c), ask(a), ask(b)], stay))).toEqual([
        [`c ${nightAt(2).toString()} 1/0 30000 EUR`, `c ${nightAt(3).toString()} 1/0 30000 EUR`],
        [`a ${nightAt(2).toString()} 3/0 10000 EUR`, `a ${nightAt(3).toString()} 3/0 10000 EUR`],
        [],
      ]);
    });

    it('answers a room type asked twice twice, and unknown ones or ones asked under another hotel with no nights, in place', async () => {
      const answers = await h.reader.nightsByRoomType(
        [
          { hotelId: a.hotelId, roomTypeId: a.roomTypeId },
          { hotelId: 'htl_nope', roomTypeId: 'rt_nope' },
          { hotelId: a.hotelId, roomTypeId: c.roomTypeId },
          { hotelId: a.hotelId, roomTypeId: a.roomTypeId },
        ],
        stayAt(0, 1),
      );
      const first = [`a ${nightAt(0).toString()} 3/0 10000 EUR`, `a ${nightAt(1).toString()} 3/2 10000 EUR`];
      expect(summary(answers)).toEqual([first, [], [], first]);
    });

    it('answers nothing for no room types, no nights outside the inventory, and the departure day alone when only it exists', async () => {
      expect(await h.reader.nightsByRoomType([], stayAt(0, 5))).toEqual([]);
      expect(summary(await h.reader.nightsByRoomType([{ hotelId: b.hotelId, roomTypeId: b.roomTypeId }], stayAt(3, 2)))).toEqual([[]]);
      // b has only night 1: a stay leaving that day reads it as its departure row.
      expect(summary(await h.reader.nightsByRoomType([{ hotelId: b.hotelId, roomTypeId: b.roomTypeId }], stayAt(0, 1)))).toEqual([[`b ${nightAt(1).toString()} 7/0 20000 USD`]]);
    });
  });
}
