import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomIdGenerator } from '../../src/adapters/system/random-id-generator.js';
import { CreateHotel } from '../../src/core/admin/create-hotel.js';
import { CreateRoomType } from '../../src/core/admin/create-room-type.js';
import { BookRoom } from '../../src/core/booking/book-room.js';
import type { AriUpdateCommand } from '../../src/core/partner/ari-update.js';
import { isoWeekday } from '../../src/core/partner/ari-update.js';
import { GetRateCalendar, type RateCalendar } from '../../src/core/partner/get-rate-calendar.js';
import { PushAri } from '../../src/core/partner/push-ari.js';
import { CreateRatePlan } from '../../src/core/rates/create-rate-plan.js';
import type { Result } from '../../src/core/shared/result.js';
import { CalendarDate } from '../../src/core/time/calendar-date.js';
import type { UnitOfWork } from '../../src/ports/unit-of-work.js';
import { aBooking, aHotel } from '../support/builders.js';
import { FakeClock } from '../support/clock.js';

export interface PartnerAriSubject {
  readonly uow: UnitOfWork;
  dispose(): Promise<void>;
}

function value<T>(result: Result<T, unknown>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}

const day = (iso: string) => CalendarDate.parse(iso) as CalendarDate;

/**
 * PushAri and GetRateCalendar over a real UnitOfWork (memory and Postgres): what a partner pushes
 * is what the calendar reads back, invalid updates are refused one by one, and no push may leave
 * fewer sellable rooms than are reserved. The clock stands at 2030-01-01 noon UTC.
 */
export function describePartnerAriContract(name: string, create: () => Promise<PartnerAriSubject>): void {
  describe(`partner ARI contract: ${name}`, () => {
    let subject: PartnerAriSubject;
    let uc: ReturnType<typeof useCases>;
    const clock = new FakeClock(new Date('2030-01-01T12:00:00Z'));
    const useCases = (uow: UnitOfWork) => {
      const deps = { uow, clock, ids: randomIdGenerator };
      return {
        createHotel: new CreateHotel(deps),
        createRoomType: new CreateRoomType(deps),
        createRatePlan: new CreateRatePlan(deps),
        bookRoom: new BookRoom(deps),
        pushAri: new PushAri(deps),
        calendar: new GetRateCalendar(deps),
      };
    };
    beforeAll(async () => {
      subject = await create();
      uc = useCases(subject.uow);
    });
    afterAll(async () => {
      await subject?.dispose();
    });

    async function hotelWith(roomTypes: number, withPlans = true) {
      const hotel = value(await uc.createHotel.execute(aHotel({ timeZone: 'UTC' })));
      const rooms: { id: string; planId: string }[] = [];
      for (let i = 0; i < roomTypes; i++) {
        const rt = value(await uc.createRoomType.execute({ hotelId: hotel.id, name: `Room ${String(i).padStart(2, '0')}`, maxGuests: 3, amenities: [] }));
        const planId = withPlans
          ? value(
              await uc.createRatePlan.execute({
                hotelId: hotel.id,
                roomTypeId: rt.id,
                name: 'Flex',
                mealPlan: 'ROOM_ONLY',
                refundable: true,
                cancellationPolicy: { freeUntilHoursBeforeArrival: 24, penalty: { kind: 'FIRST_NIGHT' } },
                taxes: { vatBasisPoints: 1000, cityTaxPerPersonNightMinor: 0 },
              }),
            ).id
          : '';
        rooms.push({ id: rt.id, planId });
      }
      return { hotelId: hotel.id, rooms };
    }

    const update = (hotelId: string, roomTypeId: string, from: string, to: string, set: Partial<AriUpdateCommand>): AriUpdateCommand => ({
      hotelId,
      roomTypeId,
      ratePlanId: null,
      from,
      to,
      weekdays: [],
      restrictions: {},
      ...set,
    });

    const nightOf = (cal: RateCalendar, roomTypeId: string, iso: string) =>
      cal.roomTypes.find((rt) => rt.roomType.id === roomTypeId)?.nights.find((n) => n.night.date.toString() === iso);

    it('pushes a year of ARI for 20 room types in one call and reads it back exactly through the calendar', async () => {
      const { hotelId, rooms } = await hotelWith(20);
      const updates: AriUpdateCommand[] = [];
      rooms.forEach((rt, i) => {
        updates.push(update(hotelId, rt.id, '2030-01-01', '2031-01-01', { totalRooms: 5 + i, standardPriceMinor: 10_000 + i * 100 }));
        updates.push(
          update(hotelId, rt.id, '2030-01-01', '2031-01-01', { ratePlanId: rt.planId, ratePrices: { pricesByAdultsMinor: [8_000 + i, 9_000 + i], extraChildMinor: 1_500 } }),
        );
        // Overlapping, weekday-masked updates: Saturdays stop-sold, Fridays 2 nights minimum and 30% dearer.
        updates.push(update(hotelId, rt.id, '2030-01-01', '2031-01-01', { weekdays: [6], restrictions: { stopSell: true } }));
        updates.push(update(hotelId, rt.id, '2030-01-01', '2031-01-01', { weekdays: [5], standardPriceMinor: 13_000 + i * 100, restrictions: { minStay: 2 } }));
        updates.push(update(hotelId, rt.id, '2030-03-01', '2030-03-08', { restrictions: { closedToArrival: true, maxStay: 7 }, totalRooms: 1 }));
      });
      const pushed = value(await uc.pushAri.execute(updates));
      expect(pushed.results.filter((r) => !r.applied)).toEqual([]);

      const cal = value(await uc.calendar.execute(hotelId, '2030-01-01', '2031-01-01'));
      expect(cal.roomTypes.map((rt) => rt.roomType.id).sort()).toEqual(rooms.map((r) => r.id).sort());
      let checked = 0;
      rooms.forEach((rt, i) => {
        const calendar = cal.roomTypes.find((c) => c.roomType.id === rt.id);
        expect(calendar?.nights).toHaveLength(365);
        for (const n of calendar?.nights ?? []) {
          const iso = n.night.date.toString();
          const weekday = isoWeekday(n.night.date);
          const march = iso >= '2030-03-01' && iso < '2030-03-08';
          const expected = {
            totalRooms: march ? 1 : 5 + i,
            reserved: 0,
            price: weekday === 5 ? 13_000 + i * 100 : 10_000 + i * 100,
            restrictions: {
              stopSell: weekday === 6,
              closedToArrival: march,
              closedToDeparture: false,
              minStay: weekday === 5 ? 2 : null,
              maxStay: march ? 7 : null,
            },
          };
          expect({ totalRooms: n.night.totalRooms, reserved: n.night.reserved, price: n.night.price.amountMinor, restrictions: n.night.restrictions }).toEqual(
            expected,
          );
          expect(n.available).toBe(weekday === 6 ? 0 : expected.totalRooms);
          expect(n.lowestPriceMinor).toBe(8_000 + i);
          checked++;
        }
        const plan = calendar?.ratePlans.find((p) => p.plan.id === rt.planId);
        expect(plan?.nights).toHaveLength(365);
        expect(plan?.nights.every((r) => r.pricesByAdultsMinor.join() === `${8_000 + i},${9_000 + i}` && r.extraChildMinor === 1_500)).toBe(true);
      });
      expect(checked).toBe(20 * 365);
      expect(pushed.nightsWritten).toBeGreaterThanOrEqual(2 * 20 * 365);
    });

    it('applies 999 updates of 1,000 when one is invalid, and the invalid one changes nothing', async () => {
      const { hotelId, rooms } = await hotelWith(10, false);
      const updates: AriUpdateCommand[] = [];
      for (let k = 0; k < 1000; k++) {
        const rt = rooms[k % 10]!;
        const from = day('2030-02-01').addDays(Math.floor(k / 10) * 2);
        updates.push(update(hotelId, rt.id, from.toString(), from.addDays(2).toString(), { totalRooms: 3, standardPriceMinor: 10_000 + k }));
      }
      const bad = 517;
      updates[bad] = { ...updates[bad]!, restrictions: { minStay: 5, maxStay: 2 } };
      const pushed = value(await uc.pushAri.execute(updates));
      const refused = pushed.results.filter((r) => !r.applied);
      expect(refused).toEqual([{ index: bad, applied: false, refusal: expect.objectContaining({ reason: 'MAX_STAY_BELOW_MIN_STAY', field: 'max_stay' }) }]);
      expect(pushed.results.filter((r) => r.applied)).toHaveLength(999);

      const cal = value(await uc.calendar.execute(hotelId, '2030-02-01', '2030-09-01'));
      const badFrom = day('2030-02-01').addDays(Math.floor(bad / 10) * 2);
      expect(nightOf(cal, rooms[bad % 10]!.id, badFrom.toString())).toBeUndefined();
      expect(nightOf(cal, rooms[bad % 10]!.id, badFrom.addDays(1).toString())).toBeUndefined();
      expect(cal.roomTypes.reduce((sum, rt) => sum + rt.nights.length, 0)).toBe(999 * 2);
      expect(nightOf(cal, rooms[(bad + 1) % 10]!.id, day('2030-02-01').addDays(Math.floor((bad + 1) / 10) * 2).toString())?.night.price.amountMinor).toBe(
        10_000 + bad + 1,
      );
    });

    it('refuses each invalid update with its typed reason and applies the valid ones', async () => {
      const { hotelId, rooms } = await hotelWith(2);
      const [a, b] = rooms as [{ id: string; planId: string }, { id: string; planId: string }];
      const base = (set: Partial<AriUpdateCommand>) => update(hotelId, a.id, '2030-01-10', '2030-01-12', set);
      const results = value(
        await uc.pushAri.execute([
          base({ totalRooms: 4, standardPriceMinor: 9_000 }),
          { ...base({ totalRooms: 4 }), from: '2029-12-31' },
          { ...base({ totalRooms: 4 }), roomTypeId: 'no-such-room' },
          base({ restrictions: { minStay: 3, maxStay: 2 } }),
          base({ standardPriceMinor: 0 }),
          base({ ratePlanId: a.planId, ratePrices: { pricesByAdultsMinor: [100, -5], extraChildMinor: 0 } }),
          base({ ratePlanId: b.planId, ratePrices: { pricesByAdultsMinor: [100], extraChildMinor: 0 } }),
          base({}),
          { ...base({ totalRooms: 1 }), hotelId: 'no-such-hotel' },
          { ...base({ totalRooms: 1 }), to: '2030-01-10' },
          update(hotelId, b.id, '2030-01-10', '2030-01-11', { totalRooms: 2, standardPriceMinor: 7_000 }),
        ]),
      ).results;
      expect(results.map((r) => (r.applied ? 'applied' : r.refusal.reason))).toEqual([
        'applied',
        'PAST_DATES',
        'UNKNOWN_ROOM_TYPE',
        'MAX_STAY_BELOW_MIN_STAY',
        'INVALID_PRICE',
        'INVALID_PRICE',
        'UNKNOWN_RATE_PLAN',
        'NOTHING_TO_UPDATE',
        'UNKNOWN_HOTEL',
        'INVALID_DATE_RANGE',
        'applied',
      ]);
      const cal = value(await uc.calendar.execute(hotelId, '2030-01-01', '2030-02-01'));
      const night = nightOf(cal, a.id, '2030-01-10');
      expect({ total: night?.night.totalRooms, price: night?.night.price.amountMinor, minStay: night?.night.restrictions.minStay }).toEqual({
        total: 4,
        price: 9_000,
        minStay: null,
      });
      expect(cal.roomTypes.find((rt) => rt.roomType.id === a.id)?.ratePlans[0]?.nights).toEqual([]);
      expect(nightOf(cal, b.id, '2030-01-10')?.night.totalRooms).toBe(2);
    });

    it('leaves unset fields alone and lets a later update win field by field', async () => {
      const { hotelId, rooms } = await hotelWith(1, false);
      const rt = rooms[0]!.id;
      value(
        await uc.pushAri.execute([
          update(hotelId, rt, '2030-04-01', '2030-04-05', { totalRooms: 6, standardPriceMinor: 11_000, restrictions: { minStay: 2, closedToDeparture: true } }),
        ]),
      );
      value(
        await uc.pushAri.execute([
          update(hotelId, rt, '2030-04-01', '2030-04-05', { restrictions: { stopSell: true } }),
          update(hotelId, rt, '2030-04-02', '2030-04-03', { totalRooms: 8, restrictions: { stopSell: false, minStay: null } }),
          // Restrictions only: nights without inventory are not created.
          update(hotelId, rt, '2030-05-01', '2030-05-03', { restrictions: { stopSell: true } }),
        ]),
      );
      const cal = value(await uc.calendar.execute(hotelId, '2030-04-01', '2030-06-01'));
      const nights = cal.roomTypes[0]?.nights.map((n) => [n.night.date.toString(), n.night.totalRooms, n.night.price.amountMinor, n.night.restrictions]);
      const r = (stopSell: boolean, minStay: number | null) => ({ stopSell, closedToArrival: false, closedToDeparture: true, minStay, maxStay: null });
      expect(nights).toEqual([
        ['2030-04-01', 6, 11_000, r(true, 2)],
        ['2030-04-02', 8, 11_000, r(false, null)],
        ['2030-04-03', 6, 11_000, r(true, 2)],
        ['2030-04-04', 6, 11_000, r(true, 2)],
      ]);
    });

    it('refuses, as a whole, an update that would leave fewer rooms than are reserved, and applies the rest', async () => {
      const { hotelId, rooms } = await hotelWith(1, false);
      const rt = rooms[0]!.id;
      value(await uc.pushAri.execute([update(hotelId, rt, '2030-06-01', '2030-06-10', { totalRooms: 3, standardPriceMinor: 10_000 })]));
      value(await uc.bookRoom.execute(aBooking(hotelId, rt, { checkIn: '2030-06-02', checkOut: '2030-06-04' })));
      value(await uc.bookRoom.execute(aBooking(hotelId, rt, { checkIn: '2030-06-03', checkOut: '2030-06-05' })));
      const results = value(
        await uc.pushAri.execute([
          update(hotelId, rt, '2030-06-01', '2030-06-10', { totalRooms: 1, restrictions: { stopSell: true } }),
          update(hotelId, rt, '2030-06-01', '2030-06-10', { standardPriceMinor: 12_345 }),
          update(hotelId, rt, '2030-06-03', '2030-06-04', { totalRooms: 2 }),
        ]),
      ).results;
      expect(results[0]).toEqual({
        index: 0,
        applied: false,
        refusal: expect.objectContaining({ reason: 'INVENTORY_BELOW_RESERVED', nights: [{ date: '2030-06-03', reserved: 2 }] }),
      });
      expect(results.slice(1).map((r) => r.applied)).toEqual([true, true]);
      const cal = value(await uc.calendar.execute(hotelId, '2030-06-01', '2030-06-10'));
      const nights = cal.roomTypes[0]?.nights ?? [];
      expect(nights.map((n) => [n.night.totalRooms, n.night.reserved, n.night.restrictions.stopSell, n.night.price.amountMinor])).toEqual([
        [3, 0, false, 12_345],
        [3, 1, false, 12_345],
        [2, 2, false, 12_345],
        [3, 1, false, 12_345],
        [3, 0, false, 12_345],
        [3, 0, false, 12_345],
        [3, 0, false, 12_345],
        [3, 0, false, 12_345],
        [3, 0, false, 12_345],
      ]);
    });
  });
}
