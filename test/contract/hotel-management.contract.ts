import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Money } from '../../src/core/money/money.js';
import { breakdownOf } from '../../src/core/rates/pricing.js';
import { Reservation } from '../../src/core/reservation/reservation.js';
import type { DateRange } from '../../src/core/time/date-range.js';
import type { HotelDirectory } from '../../src/ports/hotel-directory.js';
import type { UnitOfWork } from '../../src/ports/unit-of-work.js';
import { commit, gate, newHotel, newRoomType, nightAt, seedRoomType, stayAt, stillPendingAfter, uniqueId, type SeededRoomType } from './persistence-fixtures.js';

export interface HotelManagementUnderTest {
  readonly uow: UnitOfWork;
  readonly directory: HotelDirectory;
  dispose(): Promise<void>;
}

const BOOKED_AT = new Date('2031-01-15T10:00:00.000Z');

function confirmed(s: SeededRoomType, stay: DateRange, id = uniqueId('res')): Reservation {
  return Reservation.confirm({
    id,
    hotelId: s.hotelId,
    roomTypeId: s.roomTypeId,
    stay,
    guests: 2,
    children: 0,
    guest: { name: 'Grace Hopper', email: 'grace@example.com' },
    ratePlanId: null,
    price: breakdownOf(
      stay.nights().map((date) => ({ date, beforeTaxMinor: 10_000, vatMinor: 0, cityTaxMinor: 0, afterTaxMinor: 10_000 })),
      'EUR',
    ),
    cancellationPolicy: { freeUntilHoursBeforeArrival: 24, penalty: { kind: 'FIRST_NIGHT' } },
    createdAt: BOOKED_AT,
  });
}

function held(s: SeededRoomType, stay: DateRange, expiresAt: Date): Reservation {
  const { id, hotelId, roomTypeId, guests, children, guest, ratePlanId, price, cancellationPolicy, createdAt } = confirmed(s, stay).toProps();
  return Reservation.hold({ id, hotelId, roomTypeId, stay, guests, children, guest, ratePlanId, price, cancellationPolicy, createdAt }, expiresAt);
}

function ok<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}

/**
 * Hotel management on the persistence ports: hotels and room types change and deactivate (and are
 * still read back), a hotel's reservations list and count by the documented rules, the directory
 * pages every hotel once, and a deletion's read-for-update waits for a booking's read.
 */
export function describeHotelManagementContract(name: string, create: () => Promise<HotelManagementUnderTest>): void {
  describe(`hotel management contract: ${name}`, () => {
    let subject: HotelManagementUnderTest;
    let uow: UnitOfWork;
    beforeAll(async () => {
      subject = await create();
      uow = subject.uow;
    });
    afterAll(async () => {
      await subject?.dispose();
    });

    it('stores changed and deactivated hotels and room types, and still reads them back, locked or not', async () => {
      const s = await seedRoomType(uow);
      const suite = newRoomType(s.hotelId, { name: 'Suite' });
      await commit(uow, s.hotelId, (tx) => tx.hotels.addRoomType(suite));
      const renamed = ok(s.hotel.update({ name: 'Renamed', amenities: ['bar', 'wifi'], overbookingPercent: 10, location: { latitude: 41.15, longitude: -8.61 } })).deactivate();
      const smaller = ok(suite.update({ maxGuests: 1, amenities: ['minibar'] })).deactivate();
      await commit(uow, s.hotelId, async (tx) => {
        await tx.hotels.update(renamed);
        await tx.hotels.updateRoomType(smaller);
      });
      const read = await commit(uow, s.hotelId, async (tx) => ({
        hotel: (await tx.hotels.get(s.hotelId))?.toProps(),
        locked: (await tx.hotels.getForUpdate(s.hotelId))?.toProps(),
        roomType: (await tx.hotels.getRoomType(s.hotelId, suite.id))?.toProps(),
        lockedRoomType: (await tx.hotels.getRoomTypeForUpdate(s.hotelId, suite.id))?.toProps(),
        all: (await tx.hotels.listRoomTypes(s.hotelId)).map((rt) => [rt.id, rt.active]),
        elsewhere: await tx.hotels.getRoomTypeForUpdate('htl-elsewhere', suite.id),
      }));
      expect(read.hotel).toEqual({ ...renamed.toProps(), status: 'INACTIVE' });
      expect(read.locked).toEqual(read.hotel);
      expect(read.roomType).toEqual({ ...smaller.toProps(), active: false });
      expect(read.lockedRoomType).toEqual(read.roomType);
      expect(read.all.sort()).toEqual([[s.roomTypeId, true], [suite.id, false]].sort());
      expect(read.elsewhere).toBeUndefined();
    });

    it('refuses to update a hotel or room type that does not exist', async () => {
      const hotel = newHotel();
      await expect(commit(uow, hotel.id, (tx) => tx.hotels.update(hotel))).rejects.toThrow();
      const s = await seedRoomType(uow);
      await expect(commit(uow, s.hotelId, (tx) => tx.hotels.updateRoomType(newRoomType(s.hotelId)))).rejects.toThrow();
    });

    it('counts live stays ending after the given day: confirmed, checked in and unexpired holds, per room type or hotel', async () => {
      const s = await seedRoomType(uow);
      const other = newRoomType(s.hotelId, { name: 'Other' });
      await commit(uow, s.hotelId, (tx) => tx.hotels.addRoomType(other));
      const onOther = { ...s, roomType: other, roomTypeId: other.id };
      const now = new Date('2031-03-05T12:00:00.000Z');
      const today = nightAt(4);
      const reservations = [
        confirmed(s, stayAt(0, 5)), // ends the day after today: counts
        confirmed(s, stayAt(0, 4)), // ends today: over
        ok(confirmed(s, stayAt(10, 2)).cancel(now, Money.of(0, 'EUR'))), // cancelled
        ok(confirmed(s, stayAt(3, 3)).checkIn(now, today, 'desk')), // in house: counts
        held(s, stayAt(20, 1), new Date(now.getTime() + 60_000)), // live hold: counts
        held(s, stayAt(20, 1), new Date(now.getTime() - 1)), // lapsed hold
        confirmed(onOther, stayAt(30, 2)), // other room type: counts for the hotel only
      ];
      await commit(uow, s.hotelId, async (tx) => {
        for (const r of reservations) await tx.reservations.add(r);
      });
      const count = (roomTypeId?: string) =>
        commit(uow, s.hotelId, (tx) => tx.hotelReservations.countUpcoming({ hotelId: s.hotelId, checkOutAfter: today, now, ...(roomTypeId ? { roomTypeId } : {}) }));
      expect(await count(s.roomTypeId)).toBe(3);
      expect(await count(other.id)).toBe(1);
      expect(await count()).toBe(4);
      expect(await commit(uow, s.hotelId, (tx) => tx.hotelReservations.countUpcoming({ hotelId: 'htl-none', checkOutAfter: today, now }))).toBe(0);
    });

    it('lists a hotel’s reservations by arrival then id, filtered by overlapping stay and status, page after page', async () => {
      const s = await seedRoomType(uow);
      const elsewhere = await seedRoomType(uow);
      // Ids chosen so their order is the same under any collation.
      const early = confirmed(s, stayAt(0, 3), `res-${s.hotelId}-a`);
      const sameDayB = confirmed(s, stayAt(5, 2), `res-${s.hotelId}-b`);
      const sameDayC = ok(confirmed(s, stayAt(5, 1), `res-${s.hotelId}-c`).cancel(BOOKED_AT, Money.of(0, 'EUR')));
      const late = confirmed(s, stayAt(9, 1), `res-${s.hotelId}-d`);
      await commit(uow, s.hotelId, async (tx) => {
        for (const r of [late, sameDayC, early, sameDayB]) await tx.reservations.add(r);
      });
      await commit(uow, elsewhere.hotelId, (tx) => tx.reservations.add(confirmed(elsewhere, stayAt(5, 2))));

      const list = (filter: object, limit = 10, after?: { checkIn: ReturnType<typeof nightAt>; id: string }) =>
        commit(uow, s.hotelId, (tx) => tx.hotelReservations.list({ hotelId: s.hotelId, statuses: [], ...filter }, limit, after));
      const ids = async (filter: object) => (await list(filter)).reservations.map((r) => r.id);

      expect(await ids({})).toEqual([early.id, sameDayB.id, sameDayC.id, late.id]);
      // [night 2, night 6): early has night 2; the two same-day stays start at 5; late starts at 9.
      expect(await ids({ stayOverlaps: { from: nightAt(2), to: nightAt(6) } })).toEqual([early.id, sameDayB.id, sameDayC.id]);
      // Check-out day is not a night: early (0..3) does not overlap [3, 5); nor does a stay starting at `to`.
      expect(await ids({ stayOverlaps: { from: nightAt(3), to: nightAt(5) } })).toEqual([]);
      expect(await ids({ statuses: ['CANCELLED'] })).toEqual([sameDayC.id]);
      expect(await ids({ statuses: ['CONFIRMED', 'HELD'], stayOverlaps: { from: nightAt(5), to: nightAt(10) } })).toEqual([sameDayB.id, late.id]);

      const first = await list({}, 2);
      expect(first.reservations.map((r) => r.id)).toEqual([early.id, sameDayB.id]);
      expect(first.next).toEqual({ checkIn: nightAt(5), id: sameDayB.id });
      const second = await list({}, 2, first.next);
      expect(second.reservations.map((r) => r.id)).toEqual([sameDayC.id, late.id]);
      expect(second.next).toBeUndefined();
      // Reservations come back whole (revisions included).
      expect(second.reservations[0]?.toProps()).toEqual(sameDayC.toProps());
    });

    it('pages through every hotel once in id order, leaving inactive ones out unless asked', async () => {
      const mine = await Promise.all([0, 1, 2, 3, 4].map(() => seedRoomType(uow)));
      const gone = mine[2] as SeededRoomType;
      await commit(uow, gone.hotelId, (tx) => tx.hotels.update(gone.hotel.deactivate()));
      const walk = async (includeInactive: boolean) => {
        const seen: string[] = [];
        const pages: number[] = [];
        let afterId: string | undefined;
        do {
          const page = await subject.directory.listHotels({ scope: { kind: 'all' }, includeInactive, limit: 2, ...(afterId ? { afterId } : {}) });
          seen.push(...page.hotels.map((h) => h.id));
          pages.push(page.hotels.length);
          expect(page.hotels.every((h) => includeInactive || h.isActive)).toBe(true);
          afterId = page.nextAfterId;
        } while (afterId);
        return { seen, pages };
      };
      const all = await walk(true);
      expect(all.seen).toEqual([...all.seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(new Set(all.seen).size).toBe(all.seen.length);
      expect(all.pages.slice(0, -1).every((n) => n === 2)).toBe(true);
      expect(all.seen).toEqual(expect.arrayContaining(mine.map((m) => m.hotelId)));
      const active = await walk(false);
      expect(active.seen).not.toContain(gone.hotelId);
      expect(active.seen).toEqual(expect.arrayContaining(mine.filter((m) => m !== gone).map((m) => m.hotelId)));
      const found = (await subject.directory.listHotels({ scope: { kind: 'all' }, includeInactive: true, limit: 1, afterId: gone.hotelId.slice(0, -1) })).hotels[0];
      expect(found?.toProps()).toEqual({ ...gone.hotel.toProps(), status: 'INACTIVE' });
    });

    it('makes a read for update wait for a unit of work that read the hotel (a deletion waits for a booking in flight)', async () => {
      const s = await seedRoomType(uow);
      const bookingRead = gate();
      const bookingDone = gate();
      const booking = uow.run(s.hotelId, async (tx) => {
        await tx.hotels.get(s.hotelId);
        await tx.hotels.getRoomType(s.hotelId, s.roomTypeId);
        bookingRead.open();
        await bookingDone.opened;
        await tx.reservations.add(confirmed(s, stayAt(40, 1)));
        return { ok: true as const, value: undefined };
      });
      await bookingRead.opened;
      const deletion = commit(uow, s.hotelId, async (tx) => {
        await tx.hotels.getRoomTypeForUpdate(s.hotelId, s.roomTypeId);
        return tx.hotelReservations.countUpcoming({ hotelId: s.hotelId, roomTypeId: s.roomTypeId, checkOutAfter: nightAt(0), now: BOOKED_AT });
      });
      expect(await stillPendingAfter(deletion, 200)).toBe(true);
      bookingDone.open();
      await booking;
      expect(await deletion).toBe(1);
    });
  });
}
