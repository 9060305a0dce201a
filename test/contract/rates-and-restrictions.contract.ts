import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_RESTRICTIONS } from '../../src/core/inventory/restrictions.js';
import { RatePlan } from '../../src/core/rates/rate-plan.js';
import type { UnitOfWork } from '../../src/ports/unit-of-work.js';
import type { UnitOfWorkUnderTest } from './inventory-repository.contract.js';
import { commit, nightAt, seedNights, seedRoomType, stayAt, uniqueId } from './persistence-fixtures.js';

/**
 * RatePlanRepository and InventoryRepository.setRestrictions contract: plans round-trip exactly,
 * prices are per night and replaceable, restrictions change only what is given.
 */
export function describeRatesContract(name: string, create: () => Promise<UnitOfWorkUnderTest>): void {
  describe(`rates and restrictions contract: ${name}`, () => {
    let subject: UnitOfWorkUnderTest;
    let uow: UnitOfWork;
    beforeAll(async () => {
      subject = await create();
      uow = subject.uow;
    });
    afterAll(async () => {
      await subject?.dispose();
    });

    const aPlan = (hotelId: string, roomTypeId: string, refundable: boolean) => {
      const plan = RatePlan.create(uniqueId('rp'), {
        hotelId,
        roomTypeId,
        name: 'Semi-flex',
        mealPlan: 'HALF_BOARD',
        refundable,
        cancellationPolicy: refundable ? { freeUntilHoursBeforeArrival: 72, penalty: { kind: 'PERCENT', percent: 40 } } : { freeUntilHoursBeforeArrival: null, penalty: { kind: 'FULL_STAY' } },
        taxes: { vatBasisPoints: 550, cityTaxPerPersonNightMinor: 125 },
      });
      if (!plan.ok) throw new Error('invalid plan');
      return plan.value;
    };

    it('stores plans, finds them by hotel and room type only, and lists a room type’s plans', async () => {
      const s = await seedRoomType(uow);
      const other = await seedRoomType(uow);
      const flexible = aPlan(s.hotelId, s.roomTypeId, true);
      const nonRefundable = aPlan(s.hotelId, s.roomTypeId, false);
      await commit(uow, s.hotelId, async (tx) => {
        await tx.ratePlans.add(flexible);
        await tx.ratePlans.add(nonRefundable);
      });
      const read = await commit(uow, s.hotelId, (tx) => tx.ratePlans.get(s.hotelId, flexible.id));
      expect(read?.toProps()).toEqual(flexible.toProps());
      expect(await commit(uow, other.hotelId, (tx) => tx.ratePlans.get(other.hotelId, flexible.id))).toBeUndefined();
      const listed = await commit(uow, s.hotelId, (tx) => tx.ratePlans.listForRoomType(s.hotelId, s.roomTypeId));
      expect(listed.map((p) => p.toProps()).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
        [flexible.toProps(), nonRefundable.toProps()].sort((a, b) => a.id.localeCompare(b.id)),
      );
      expect(listed.find((p) => p.id === nonRefundable.id)?.cancellationPolicy.freeUntilHoursBeforeArrival).toBeNull();
    });

    it('sets prices per night, replaces them, and returns only priced nights in order', async () => {
      const s = await seedRoomType(uow);
      const plan = aPlan(s.hotelId, s.roomTypeId, true);
      await commit(uow, s.hotelId, (tx) => tx.ratePlans.add(plan));
      const set = (from: number, nights: number, prices: number[], child: number) =>
        commit(uow, s.hotelId, (tx) =>
          tx.ratePlans.setPrices({ hotelId: s.hotelId, ratePlanId: plan.id, nights: stayAt(from, nights), pricesByAdultsMinor: prices, extraChildMinor: child }),
        );
      expect(await set(0, 3, [9_000, 11_000], 1_500)).toBe(3);
      expect(await set(1, 1, [9_500, 11_500, 14_000], 0)).toBe(1);
      const rates = await commit(uow, s.hotelId, (tx) => tx.ratePlans.prices(s.hotelId, plan.id, stayAt(0, 5)));
      expect(rates.map((r) => [r.date.toString(), r.pricesByAdultsMinor, r.extraChildMinor])).toEqual([
        [nightAt(0).toString(), [9_000, 11_000], 1_500],
        [nightAt(1).toString(), [9_500, 11_500, 14_000], 0],
        [nightAt(2).toString(), [9_000, 11_000], 1_500],
      ]);
    });

    it('changes only the restrictions given, on existing nights only, and clears stay limits with null', async () => {
      const s = await seedRoomType(uow);
      await seedNights(uow, s, stayAt(0, 3), 4);
      const change = (c: object, from = 0, nights = 5) => commit(uow, s.hotelId, (tx) => tx.inventory.setRestrictions(s.hotelId, s.roomTypeId, stayAt(from, nights), c));
      expect(await change({ minStay: 2, closedToArrival: true })).toBe(3);
      expect(await change({ stopSell: true }, 1, 1)).toBe(1);
      expect(await change({ minStay: null, maxStay: 7 }, 2, 1)).toBe(1);
      const nights = await commit(uow, s.hotelId, (tx) => tx.inventory.list(s.hotelId, s.roomTypeId, stayAt(0, 3)));
      expect(nights.map((n) => n.restrictions)).toEqual([
        { ...NO_RESTRICTIONS, minStay: 2, closedToArrival: true },
        { ...NO_RESTRICTIONS, minStay: 2, closedToArrival: true, stopSell: true },
        { ...NO_RESTRICTIONS, closedToArrival: true, maxStay: 7 },
      ]);
    });

    it('never reserves a stop-sold night, and keeps restrictions when inventory is set again', async () => {
      const s = await seedRoomType(uow);
      await seedNights(uow, s, stayAt(0, 3), 4);
      await commit(uow, s.hotelId, (tx) => tx.inventory.setRestrictions(s.hotelId, s.roomTypeId, stayAt(1, 1), { stopSell: true }));
      const reserved = await commit(uow, s.hotelId, (tx) => tx.inventory.reserve({ hotelId: s.hotelId, roomTypeId: s.roomTypeId, stay: stayAt(0, 3), rooms: 1 }, 0));
      expect(!reserved.ok && reserved.error.failedNights.map(String)).toEqual([nightAt(1).toString()]);
      await seedNights(uow, s, stayAt(0, 3), 6);
      const nights = await commit(uow, s.hotelId, (tx) => tx.inventory.list(s.hotelId, s.roomTypeId, stayAt(0, 3)));
      expect(nights.map((n) => [n.totalRooms, n.reserved, n.restrictions.stopSell])).toEqual([
        [6, 0, false],
        [6, 0, true],
        [6, 0, false],
      ]);
    });
  });
}
