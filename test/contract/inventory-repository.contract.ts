import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canReserve, sellableRooms } from '../../src/core/inventory/inventory-night.js';
import { Money } from '../../src/core/money/money.js';
import { err, ok } from '../../src/core/shared/result.js';
import type { DateRange } from '../../src/core/time/date-range.js';
import type { UnitOfWork } from '../../src/ports/unit-of-work.js';
import {
  commit,
  nightAt,
  reservedByNight,
  seedNights,
  seedRoomType,
  stayAt,
  type SeededRoomType,
} from './persistence-fixtures.js';

export interface UnitOfWorkUnderTest {
  readonly uow: UnitOfWork;
  /** Releases whatever the factory created. */
  dispose(): Promise<void>;
}

/**
 * InventoryRepository contract: the core's rule (`canReserve`, `sellableRooms`) enforced atomically,
 * all nights or none, also under concurrency. `create` is called once per suite; tests use fresh
 * hotels and room types, so one instance serves them all.
 */
export function describeInventoryContract(name: string, create: () => Promise<UnitOfWorkUnderTest>): void {
  describe(`InventoryRepository contract: ${name}`, () => {
    let subject: UnitOfWorkUnderTest;
    let uow: UnitOfWork;
    beforeAll(async () => {
      subject = await create();
      uow = subject.uow;
    });
    afterAll(async () => {
      await subject?.dispose();
    });

    const reserve = (s: SeededRoomType, stay: DateRange, rooms = 1, percent = s.hotel.overbookingPercent) =>
      uow.run(s.hotelId, (tx) => tx.inventory.reserve({ hotelId: s.hotelId, roomTypeId: s.roomTypeId, stay, rooms }, percent));

    const release = (s: SeededRoomType, stay: DateRange, rooms = 1) =>
      commit(uow, s.hotelId, (tx) => tx.inventory.release({ hotelId: s.hotelId, roomTypeId: s.roomTypeId, stay, rooms }));

    const setNights = (s: SeededRoomType, nights: DateRange, totalRooms: number, priceMinor = 10_000, percent = s.hotel.overbookingPercent) =>
      uow.run(s.hotelId, (tx) =>
        tx.inventory.setNights({
          hotelId: s.hotelId,
          roomTypeId: s.roomTypeId,
          nights,
          totalRooms,
          price: Money.of(priceMinor, 'EUR'),
          overbookingPercent: percent,
        }),
      );

    describe('setNights and list', () => {
      it('creates every night of the range and lists them in date order', async () => {
        const s = await seedRoomType(uow);
        await seedNights(uow, s, stayAt(0, 3), 5, 12_345);
        const nights = await commit(uow, s.hotelId, (tx) => tx.inventory.list(s.hotelId, s.roomTypeId, stayAt(-2, 10)));
        expect(nights.map((n) => [n.hotelId, n.roomTypeId, n.date.toString(), n.totalRooms, n.reserved])).toEqual([
          [s.hotelId, s.roomTypeId, nightAt(0).toString(), 5, 0],
          [s.hotelId, s.roomTypeId, nightAt(1).toString(), 5, 0],
          [s.hotelId, s.roomTypeId, nightAt(2).toString(), 5, 0],
        ]);
        expect(nights.every((n) => n.price.equals(Money.of(12_345, 'EUR')))).toBe(true);
      });

      it('lists only the nights of the range, and nothing for an unknown room type', async () => {
        const s = await seedRoomType(uow);
        await seedNights(uow, s, stayAt(0, 5), 5);
        const inner = await commit(uow, s.hotelId, (tx) => tx.inventory.list(s.hotelId, s.roomTypeId, stayAt(1, 2)));
        expect(inner.map((n) => n.date.toString())).toEqual([nightAt(1).toString(), nightAt(2).toString()]);
        expect(await commit(uow, s.hotelId, (tx) => tx.inventory.list(s.hotelId, 'no-such-room-type', stayAt(0, 5)))).toEqual([]);
      });

      it('updates total and price of existing nights and keeps what is reserved', async () => {
        const s = await seedRoomType(uow);
        await seedNights(uow, s, stayAt(0, 2), 5, 10_000);
        expect((await reserve(s, stayAt(0, 2), 2)).ok).toBe(true);
        await seedNights(uow, s, stayAt(0, 3), 8, 20_000);
        const nights = await commit(uow, s.hotelId, (tx) => tx.inventory.list(s.hotelId, s.roomTypeId, stayAt(0, 3)));
        expect(nights.map((n) => [n.totalRooms, n.reserved, n.price.amountMinor])).toEqual([
          [8, 2, 20_000],
          [8, 2, 20_000],
          [8, 0, 20_000],
        ]);
      });

      it('refuses, naming the nights, to set a total below what is reserved, and changes no night', async () => {
        const s = await seedRoomType(uow);
        await seedNights(uow, s, stayAt(0, 3), 5, 10_000);
        for (let i = 0; i < 4; i++) expect((await reserve(s, stayAt(1, 1))).ok).toBe(true);
        expect((await reserve(s, stayAt(2, 1))).ok).toBe(true);

        const refused = await setNights(s, stayAt(0, 3), 3, 15_000);
        expect(refused.ok).toBe(false);
        if (!refused.ok) expect(refused.error.nights.map((n) => [n.date.toString(), n.reserved])).toEqual([[nightAt(1).toString(), 4]]);

        const nights = await commit(uow, s.hotelId, (tx) => tx.inventory.list(s.hotelId, s.roomTypeId, stayAt(0, 3)));
        expect(nights.map((n) => [n.totalRooms, n.reserved, n.price.amountMinor])).toEqual([
          [5, 0, 10_000],
          [5, 4, 10_000],
          [5, 1, 10_000],
        ]);
      });

      it('refuses all or none even when the unit of work goes on to commit', async () => {
        const s = await seedRoomType(uow);
        await seedNights(uow, s, stayAt(0, 2), 5, 10_000);
        for (let i = 0; i < 3; i++) expect((await reserve(s, stayAt(1, 1))).ok).toBe(true);
        const outcome = await commit(uow, s.hotelId, (tx) =>
          tx.inventory.setNights({
            hotelId: s.hotelId,
            roomTypeId: s.roomTypeId,
            nights: stayAt(0, 3),
            totalRooms: 2,
            price: Money.of(99_999, 'EUR'),
            overbookingPercent: 0,
          }),
        );
        expect(outcome.ok).toBe(false);
        const nights = await commit(uow, s.hotelId, (tx) => tx.inventory.list(s.hotelId, s.roomTypeId, stayAt(0, 3)));
        expect(nights.map((n) => [n.totalRooms, n.reserved, n.price.amountMinor])).toEqual([
          [5, 0, 10_000],
          [5, 3, 10_000],
        ]);
      });

      it('counts the overbooking allowance when lowering a total', async () => {
        const s = await seedRoomType(uow, { overbookingPercent: 25 });
        await seedNights(uow, s, stayAt(0, 1), 8);
        for (let i = 0; i < 5; i++) expect((await reserve(s, stayAt(0, 1))).ok).toBe(true);
        // sellableRooms(4, 25) = 5 >= 5 reserved; sellableRooms(3, 25) = 3 < 5.
        expect(sellableRooms(4, 25)).toBe(5);
        expect((await setNights(s, stayAt(0, 1), 4)).ok).toBe(true);
        expect((await setNights(s, stayAt(0, 1), 3)).ok).toBe(false);
      });
    });

    describe('reserve', () => {
      it('reserves every night and returns each night price in date order', async () => {
        const s = await seedRoomType(uow);
        await seedNights(uow, s, stayAt(0, 1), 3, 10_000);
        await seedNights(uow, s, stayAt(1, 2), 3, 12_500);
        const result = await reserve(s, stayAt(0, 3), 2);
        expect(result.ok).toBe(true);
        if (result.ok) {
          expect(result.value.map((n) => [n.date.toString(), n.price.amountMinor, n.price.currency])).toEqual([
            [nightAt(0).toString(), 10_000, 'EUR'],
            [nightAt(1).toString(), 12_500, 'EUR'],
            [nightAt(2).toString(), 12_500, 'EUR'],
          ]);
        }
        expect(await reservedByNight(uow, s, stayAt(0, 3))).toEqual({
          [nightAt(0).toString()]: 2,
          [nightAt(1).toString()]: 2,
          [nightAt(2).toString()]: 2,
        });
      });

      it('reserves nothing when one night of the stay is missing', async () => {
        const s = await seedRoomType(uow);
        await seedNights(uow, s, stayAt(0, 2), 3);
        await seedNights(uow, s, stayAt(3, 1), 3);
        const result = await reserve(s, stayAt(0, 4));
        expect(result).toEqual(err({ failedNights: [nightAt(2)] }));
        expect(Object.values(await reservedByNight(uow, s, stayAt(0, 4)))).toEqual([0, 0, 0]);
      });

      it('reserves nothing when one night of the stay is full', async () => {
        const s = await seedRoomType(uow);
        await seedNights(uow, s, stayAt(0, 3), 2);
        expect((await reserve(s, stayAt(1, 1), 2)).ok).toBe(true);
        const result = await reserve(s, stayAt(0, 3));
        expect(result).toEqual(err({ failedNights: [nightAt(1)] }));
        expect(await reservedByNight(uow, s, stayAt(0, 3))).toEqual({
          [nightAt(0).toString()]: 0,
          [nightAt(1).toString()]: 2,
          [nightAt(2).toString()]: 0,
        });
      });

      it('names every failed night, missing and full alike, in date order', async () => {
        const s = await seedRoomType(uow);
        await seedNights(uow, s, stayAt(0, 2), 1);
        await seedNights(uow, s, stayAt(3, 1), 1);
        expect((await reserve(s, stayAt(1, 1))).ok).toBe(true);
        expect(await reserve(s, stayAt(0, 5))).toEqual(err({ failedNights: [nightAt(1), nightAt(2), nightAt(4)] }));
      });

      it('reserves nothing even when the unit of work goes on to commit', async () => {
        const s = await seedRoomType(uow);
        await seedNights(uow, s, stayAt(0, 2), 1);
        expect((await reserve(s, stayAt(1, 1))).ok).toBe(true);
        const failed = await commit(uow, s.hotelId, (tx) =>
          tx.inventory.reserve({ hotelId: s.hotelId, roomTypeId: s.roomTypeId, stay: stayAt(0, 2), rooms: 1 }, 0),
        );
        expect(failed.ok).toBe(false);
        expect(await reservedByNight(uow, s, stayAt(0, 2))).toEqual({ [nightAt(0).toString()]: 0, [nightAt(1).toString()]: 1 });
      });

      it('sells the overbooking allowance and no more: total 10 at 10% sells 11', async () => {
        const s = await seedRoomType(uow, { overbookingPercent: 10 });
        await seedNights(uow, s, stayAt(0, 2), 10);
        const sellable = sellableRooms(10, 10);
        expect(sellable).toBe(11);
        for (let i = 0; i < sellable; i++) expect((await reserve(s, stayAt(0, 2))).ok, `room ${i + 1}`).toBe(true);
        expect(await reserve(s, stayAt(0, 2))).toEqual(err({ failedNights: [nightAt(0), nightAt(1)] }));
        expect(Object.values(await reservedByNight(uow, s, stayAt(0, 2)))).toEqual([11, 11]);
      });

      it('checks several rooms at once against what is left', async () => {
        const s = await seedRoomType(uow);
        await seedNights(uow, s, stayAt(0, 1), 3);
        expect((await reserve(s, stayAt(0, 1), 2)).ok).toBe(true);
        expect((await reserve(s, stayAt(0, 1), 2)).ok).toBe(false);
        expect((await reserve(s, stayAt(0, 1), 1)).ok).toBe(true);
      });

      it('uses the overbooking percent it is given', async () => {
        const s = await seedRoomType(uow);
        await seedNights(uow, s, stayAt(0, 1), 4);
        for (let i = 0; i < 4; i++) expect((await reserve(s, stayAt(0, 1), 1, 0)).ok).toBe(true);
        expect((await reserve(s, stayAt(0, 1), 1, 0)).ok).toBe(false);
        expect((await reserve(s, stayAt(0, 1), 1, 25)).ok).toBe(true);
      });

      it('leaves other room types alone', async () => {
        const a = await seedRoomType(uow);
        const b = await seedRoomType(uow);
        await seedNights(uow, a, stayAt(0, 1), 1);
        await seedNights(uow, b, stayAt(0, 1), 1);
        expect((await reserve(a, stayAt(0, 1))).ok).toBe(true);
        expect(await reservedByNight(uow, b, stayAt(0, 1))).toEqual({ [nightAt(0).toString()]: 0 });
      });
    });

    describe('release', () => {
      it('gives the rooms back on every night', async () => {
        const s = await seedRoomType(uow);
        await seedNights(uow, s, stayAt(0, 3), 2);
        expect((await reserve(s, stayAt(0, 3), 2)).ok).toBe(true);
        await release(s, stayAt(1, 2), 1);
        expect(Object.values(await reservedByNight(uow, s, stayAt(0, 3)))).toEqual([2, 1, 1]);
        expect((await reserve(s, stayAt(1, 2))).ok).toBe(true);
      });

      it('throws, and changes nothing, when a night would go below zero', async () => {
        const s = await seedRoomType(uow);
        await seedNights(uow, s, stayAt(0, 2), 2);
        expect((await reserve(s, stayAt(0, 1))).ok).toBe(true);
        await expect(release(s, stayAt(0, 2))).rejects.toThrow();
        expect(Object.values(await reservedByNight(uow, s, stayAt(0, 2)))).toEqual([1, 0]);
      });

      it('throws when a night is missing', async () => {
        const s = await seedRoomType(uow);
        await seedNights(uow, s, stayAt(0, 1), 2);
        expect((await reserve(s, stayAt(0, 1))).ok).toBe(true);
        await expect(release(s, stayAt(0, 2))).rejects.toThrow();
        expect(Object.values(await reservedByNight(uow, s, stayAt(0, 1)))).toEqual([1]);
      });
    });

    describe('against the core rule', () => {
      const NIGHTS = 8;
      type Command = { kind: 'reserve'; start: number; length: number; rooms: number } | { kind: 'release'; pick: number };
      const command: fc.Arbitrary<Command> = fc.oneof(
        { weight: 3, arbitrary: fc.record({ kind: fc.constant('reserve' as const), start: fc.nat(NIGHTS - 1), length: fc.integer({ min: 1, max: 3 }), rooms: fc.integer({ min: 1, max: 3 }) }) },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }) },
      );
      const setup = fc.record({
        percent: fc.integer({ min: 0, max: 50 }),
        // undefined: the night does not exist
        totals: fc.array(fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined, freq: 5 }), { minLength: NIGHTS, maxLength: NIGHTS }),
      });

      it('reserves exactly when every night passes canReserve, and keeps the same counts as the model', async () => {
        await fc.assert(
          fc.asyncProperty(setup, fc.array(command, { minLength: 1, maxLength: 12 }), async ({ percent, totals }, commands) => {
            const s = await seedRoomType(uow, { overbookingPercent: percent });
            const model = new Map<number, { totalRooms: number; reserved: number }>();
            await commit(uow, s.hotelId, async (tx) => {
              for (const [offset, total] of totals.entries()) {
                if (total === undefined) continue;
                model.set(offset, { totalRooms: total, reserved: 0 });
                const set = await tx.inventory.setNights({
                  hotelId: s.hotelId,
                  roomTypeId: s.roomTypeId,
                  nights: stayAt(offset, 1),
                  totalRooms: total,
                  price: Money.of(1_000 + offset, 'EUR'),
                  overbookingPercent: percent,
                });
                expect(set.ok).toBe(true);
              }
            });

            const held: { start: number; length: number; rooms: number }[] = [];
            for (const c of commands) {
              if (c.kind === 'release') {
                if (held.length === 0) continue;
                const [stay] = held.splice(c.pick % held.length, 1);
                if (!stay) continue;
                await release(s, stayAt(stay.start, stay.length), stay.rooms);
                for (let i = stay.start; i < stay.start + stay.length; i++) {
                  const night = model.get(i);
                  if (night) night.reserved -= stay.rooms;
                }
              } else {
                const length = Math.min(c.length, NIGHTS - c.start);
                const offsets = Array.from({ length }, (_, i) => c.start + i);
                const failed = offsets.filter((i) => {
                  const night = model.get(i);
                  return !night || !canReserve(night, c.rooms, percent);
                });
                const result = await reserve(s, stayAt(c.start, length), c.rooms, percent);
                if (failed.length === 0) {
                  expect(result).toEqual(ok(offsets.map((i) => ({ date: nightAt(i), price: Money.of(1_000 + i, 'EUR') }))));
                  for (const i of offsets) {
                    const night = model.get(i);
                    if (night) night.reserved += c.rooms;
                  }
                  held.push({ start: c.start, length, rooms: c.rooms });
                } else {
                  expect(result).toEqual(err({ failedNights: failed.map(nightAt) }));
                }
              }
            }

            const stored = await commit(uow, s.hotelId, (tx) => tx.inventory.list(s.hotelId, s.roomTypeId, stayAt(0, NIGHTS)));
            expect(stored.map((n) => [n.date.toString(), n.totalRooms, n.reserved])).toEqual(
              [...model.entries()].sort(([a], [b]) => a - b).map(([i, n]) => [nightAt(i).toString(), n.totalRooms, n.reserved]),
            );
          }),
          { numRuns: 25 },
        );
      });
    });

    describe('concurrency', () => {
      it('lets exactly 3 of 50 concurrent bookings of the same 3 nights with 3 rooms succeed', async () => {
        const s = await seedRoomType(uow);
        const stay = stayAt(0, 3);
        await seedNights(uow, s, stay, 3);
        const outcomes = await Promise.all(Array.from({ length: 50 }, () => reserve(s, stay)));
        expect(outcomes.filter((o) => o.ok)).toHaveLength(3);
        expect(outcomes.filter((o) => !o.ok)).toHaveLength(47);
        expect(Object.values(await reservedByNight(uow, s, stay))).toEqual([3, 3, 3]);
      });

      it('never oversells any night when overlapping stays race (and never deadlocks)', async () => {
        const s = await seedRoomType(uow, { overbookingPercent: 50 });
        const all = stayAt(0, 6);
        await seedNights(uow, s, all, 2); // sellableRooms(2, 50) = 3
        const stays = Array.from({ length: 40 }, (_, i) => ({ start: (i * 7) % 5, length: 1 + ((i * 3) % 3) }));
        const outcomes = await Promise.all(
          stays.map(async (st) => ({ ...st, result: await reserve(s, stayAt(st.start, Math.min(st.length, 6 - st.start))) })),
        );
        const expected = Array.from({ length: 6 }, (_, night) =>
          outcomes.filter((o) => o.result.ok && o.start <= night && night < o.start + Math.min(o.length, 6 - o.start)).length,
        );
        const stored = Object.values(await reservedByNight(uow, s, all));
        expect(stored).toEqual(expected);
        expect(stored.every((r) => r <= sellableRooms(2, 50))).toBe(true);
        expect(outcomes.some((o) => o.result.ok)).toBe(true);
      });
    });
  });
}
