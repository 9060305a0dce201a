import { STAFF, actingAs } from '../support/builders.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOLDS_INVENTORY, TRANSITIONS, type Reservation, type ReservationStatus } from '../../src/core/reservation/reservation.js';
import { CalendarDate } from '../../src/core/time/calendar-date.js';
import { aBooking } from '../support/builders.js';
import { memoryApp, unwrapOk } from '../support/memory-app.js';

const reserved = async (app: ReturnType<typeof memoryApp>, hotelId: string, roomTypeId: string, from = '2030-06-01', to = '2030-06-07') =>
  unwrapOk(await app.getInventory.execute(hotelId, roomTypeId, from, to)).map((n) => n.reserved);

const hold = (hotelId: string, roomTypeId: string, overrides: object = {}) => ({ ...aBooking(hotelId, roomTypeId), holdMinutes: 0, ...overrides });

describe('holds', () => {
  it('reserve the rooms at a locked price, and CreateReservation with the hold id confirms them', async () => {
    const app = memoryApp();
    const { hotel, roomType } = await app.hotelWithRooms(1);
    const { reservation: held } = unwrapOk(await app.holdReservation.execute(hold(hotel.id, roomType.id)));
    expect(held.status).toBe('HELD');
    expect(held.holdExpiresAt).toEqual(new Date(app.clock.now().getTime() + 15 * 60_000));
    expect(await reserved(app, hotel.id, roomType.id)).toEqual([1, 1, 1, 0, 0, 0]);
    const other = await app.bookRoom.execute(aBooking(hotel.id, roomType.id));
    expect(!other.ok && other.error.code).toBe('NO_AVAILABILITY');

    app.clock.advanceMillis(14 * 60_000);
    const confirmed = unwrapOk(await app.bookRoom.execute({ ...aBooking(hotel.id, roomType.id), holdId: held.id }));
    expect(confirmed.reservation).toMatchObject({ id: held.id, status: 'CONFIRMED' });
    expect(confirmed.reservation.totalPrice).toEqual(held.totalPrice);
    expect(confirmed.reservation.revisions.map((r) => r.kind)).toEqual(['HELD', 'CONFIRMED']);
    expect(await reserved(app, hotel.id, roomType.id)).toEqual([1, 1, 1, 0, 0, 0]);
  });

  it('lapse: the sweeper releases them, and confirming afterwards is refused', async () => {
    const app = memoryApp();
    const { hotel, roomType } = await app.hotelWithRooms(1);
    const { reservation: held } = unwrapOk(await app.holdReservation.execute(hold(hotel.id, roomType.id, { holdMinutes: 5 })));
    app.clock.advanceMillis(4 * 60_000);
    expect(await app.expireHolds.runOnce()).toBe(0);
    app.clock.advanceMillis(60_000);
    expect(await app.expireHolds.runOnce()).toBe(1);
    expect(await app.expireHolds.runOnce()).toBe(0);
    expect(await reserved(app, hotel.id, roomType.id)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(unwrapOk(await app.getReservation.execute(held.id, STAFF)).status).toBe('EXPIRED');
    const late = await app.bookRoom.execute({ ...aBooking(hotel.id, roomType.id), holdId: held.id });
    expect(!late.ok && late.error).toMatchObject({ code: 'INVALID_TRANSITION', from: 'EXPIRED', to: 'CONFIRMED' });
  });

  it('cannot be confirmed once lapsed even before the sweeper ran', async () => {
    const app = memoryApp();
    const { hotel, roomType } = await app.hotelWithRooms(1);
    const { reservation: held } = unwrapOk(await app.holdReservation.execute(hold(hotel.id, roomType.id, { holdMinutes: 1 })));
    app.clock.advanceMillis(60_000);
    const late = await app.bookRoom.execute({ ...aBooking(hotel.id, roomType.id), holdId: held.id });
    expect(!late.ok && late.error).toMatchObject({ code: 'INVALID_TRANSITION', from: 'HELD', to: 'CONFIRMED', reason: 'the hold has expired' });
  });
});

describe('modification', () => {
  it('moves the stay atomically and shows the price difference', async () => {
    const app = memoryApp();
    const { hotel, roomType } = await app.hotelWithRooms(1, { priceMinor: 10_000 });
    const { reservation } = unwrapOk(await app.bookRoom.execute(aBooking(hotel.id, roomType.id)));
    const moved = unwrapOk(await app.modifyReservation.execute({ reservationId: reservation.id, principal: actingAs('guest'), checkIn: '2030-06-02', checkOut: '2030-06-06' }));
    expect(moved.reservation.stay.toString()).toBe('2030-06-02..2030-06-06');
    expect(moved.priceDifference.amountMinor).toBe(10_000);
    expect(moved.reservation.revisions.at(-1)).toMatchObject({ number: 2, kind: 'MODIFIED', actor: 'operator:guest' });
    expect(await reserved(app, hotel.id, roomType.id)).toEqual([0, 1, 1, 1, 1, 0]);
  });

  it('onto a sold-out night changes nothing at all', async () => {
    const app = memoryApp();
    const { hotel, roomType } = await app.hotelWithRooms(1);
    const { reservation } = unwrapOk(await app.bookRoom.execute(aBooking(hotel.id, roomType.id)));
    unwrapOk(await app.bookRoom.execute(aBooking(hotel.id, roomType.id, { checkIn: '2030-06-05', checkOut: '2030-06-06' })));
    const before = await reserved(app, hotel.id, roomType.id);
    const result = await app.modifyReservation.execute({ reservationId: reservation.id, principal: actingAs('guest'), checkOut: '2030-06-06' });
    expect(!result.ok && result.error).toMatchObject({ code: 'NO_AVAILABILITY', nights: ['2030-06-05'] });
    expect(await reserved(app, hotel.id, roomType.id)).toEqual(before);
    expect(unwrapOk(await app.getReservation.execute(reservation.id, STAFF)).toProps()).toEqual(reservation.toProps());
  });

  it('is refused for a cancelled reservation and once the stay has started', async () => {
    const app = memoryApp();
    const { hotel, roomType } = await app.hotelWithRooms(2);
    const a = unwrapOk(await app.bookRoom.execute(aBooking(hotel.id, roomType.id))).reservation;
    const b = unwrapOk(await app.bookRoom.execute(aBooking(hotel.id, roomType.id))).reservation;
    unwrapOk(await app.cancelReservation.execute(a.id, STAFF));
    const cancelled = await app.modifyReservation.execute({ reservationId: a.id, principal: actingAs('guest'), guests: 1 });
    expect(!cancelled.ok && cancelled.error.code).toBe('INVALID_TRANSITION');
    app.clock.set(new Date('2030-06-01T10:00:00Z'));
    const started = await app.modifyReservation.execute({ reservationId: b.id, principal: actingAs('guest'), guests: 1 });
    expect(!started.ok && started.error).toMatchObject({ code: 'INVALID_TRANSITION', reason: 'the stay has started' });
  });
});

describe('front desk', () => {
  it('checks in from the arrival day and out afterwards; nights stay counted', async () => {
    const app = memoryApp();
    const { hotel, roomType } = await app.hotelWithRooms(1);
    const { reservation } = unwrapOk(await app.bookRoom.execute(aBooking(hotel.id, roomType.id)));
    const early = await app.frontDesk.execute('CHECK_IN', reservation.id, actingAs('desk'));
    expect(!early.ok && early.error.code).toBe('INVALID_TRANSITION');
    app.clock.set(new Date('2030-06-01T14:00:00Z'));
    unwrapOk(await app.frontDesk.execute('CHECK_IN', reservation.id, actingAs('desk')));
    const out = unwrapOk(await app.frontDesk.execute('CHECK_OUT', reservation.id, actingAs('desk')));
    expect(out.revisions.map((r) => r.kind)).toEqual(['CONFIRMED', 'CHECKED_IN', 'CHECKED_OUT']);
    expect(await reserved(app, hotel.id, roomType.id)).toEqual([1, 1, 1, 0, 0, 0]);
  });

  it('a no-show releases the nights from today on', async () => {
    const app = memoryApp();
    const { hotel, roomType } = await app.hotelWithRooms(1);
    const { reservation } = unwrapOk(await app.bookRoom.execute(aBooking(hotel.id, roomType.id)));
    app.clock.set(new Date('2030-06-02T09:00:00Z'));
    const noShow = unwrapOk(await app.frontDesk.execute('NO_SHOW', reservation.id, actingAs('desk')));
    expect(noShow.status).toBe('NO_SHOW');
    expect(await reserved(app, hotel.id, roomType.id)).toEqual([1, 0, 0, 0, 0, 0]);
    const again = await app.frontDesk.execute('CHECK_IN', reservation.id, actingAs('desk'));
    expect(!again.ok && again.error).toMatchObject({ from: 'NO_SHOW', to: 'CHECKED_IN' });
  });
});

describe('the reservation state machine', () => {
  const statuses = Object.keys(TRANSITIONS) as ReservationStatus[];
  it('has final states with no way out, and only states holding inventory can change', () => {
    for (const s of ['CANCELLED', 'CHECKED_OUT', 'NO_SHOW', 'EXPIRED'] as const) expect(TRANSITIONS[s]).toEqual([]);
    expect(statuses.filter((s) => TRANSITIONS[s].length > 0).sort()).toEqual([...HOLDS_INVENTORY].sort());
  });

  it('keeps reserved nights equal to the live reservations under any sequence of book, hold, modify, cancel and hold expiry', async () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constantFrom('book' as const, 'hold' as const), start: fc.integer({ min: 0, max: 6 }), nights: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ kind: fc.constant('modify' as const), pick: fc.nat(), start: fc.integer({ min: 0, max: 6 }), nights: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('time' as const), minutes: fc.integer({ min: 1, max: 20 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 3 }), fc.array(op, { maxLength: 25 }), async (rooms, ops) => {
        const app = memoryApp();
        const { hotel, roomType } = await app.hotelWithRooms(rooms);
        const base = CalendarDate.parse('2030-06-01')!;
        const ids: string[] = [];
        const dates = (start: number, nights: number) => ({ checkIn: base.addDays(start).toString(), checkOut: base.addDays(start + nights).toString() });
        for (const o of ops) {
          if (o.kind === 'book') {
            const r = await app.bookRoom.execute(aBooking(hotel.id, roomType.id, dates(o.start, o.nights)));
            if (r.ok) ids.push(r.value.reservation.id);
          } else if (o.kind === 'hold') {
            const r = await app.holdReservation.execute(hold(hotel.id, roomType.id, { ...dates(o.start, o.nights), holdMinutes: 10 }));
            if (r.ok) ids.push(r.value.reservation.id);
          } else if (o.kind === 'modify' && ids.length > 0) {
            await app.modifyReservation.execute({ reservationId: ids[o.pick % ids.length]!, principal: actingAs('p'), ...dates(o.start, o.nights) });
          } else if (o.kind === 'cancel' && ids.length > 0) {
            await app.cancelReservation.execute(ids[o.pick % ids.length]!, STAFF);
          } else if (o.kind === 'time') {
            app.clock.advanceMillis(o.minutes * 60_000);
            await app.expireHolds.runOnce();
          }
        }
        const live: Reservation[] = [];
        for (const id of ids) {
          const r = unwrapOk(await app.getReservation.execute(id, STAFF));
          if (HOLDS_INVENTORY.has(r.status)) live.push(r);
        }
        const nights = unwrapOk(await app.getInventory.execute(hotel.id, roomType.id, '2030-06-01', '2030-06-11'));
        nights.forEach((night, day) => {
          const date = base.addDays(day);
          const expected = live.filter((r) => !date.isBefore(r.stay.checkIn) && date.isBefore(r.stay.checkOut)).length;
          expect(night.reserved).toBe(expected);
          expect(night.reserved).toBeLessThanOrEqual(rooms);
        });
      }),
      { numRuns: 60 },
    );
  });
});

describe('idempotency of every change', () => {
  it('a retried cancellation with its key returns the first cancellation; a bare retry is ALREADY_CANCELLED', async () => {
    const app = memoryApp();
    const { hotel, roomType } = await app.hotelWithRooms(1);
    const { reservation } = unwrapOk(await app.bookRoom.execute(aBooking(hotel.id, roomType.id)));
    const first = unwrapOk(await app.cancelReservation.execute(reservation.id, actingAs('partner-a'), 'cancel-key-1'));
    app.clock.advanceMillis(60_000);
    const retry = unwrapOk(await app.cancelReservation.execute(reservation.id, actingAs('partner-a'), 'cancel-key-1'));
    expect(retry.reservation.toProps()).toEqual(first.reservation.toProps());
    expect(retry.at).toEqual(first.at);
    const bare = await app.cancelReservation.execute(reservation.id, actingAs('partner-a'));
    expect(!bare.ok && bare.error).toMatchObject({ code: 'INVALID_TRANSITION', from: 'CANCELLED', to: 'CANCELLED' });
    expect(await reserved(app, hotel.id, roomType.id)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('a retried modification applies once; the same key for another change is refused and changes nothing', async () => {
    const app = memoryApp();
    const { hotel, roomType } = await app.hotelWithRooms(2);
    const { reservation } = unwrapOk(await app.bookRoom.execute(aBooking(hotel.id, roomType.id)));
    const change = { reservationId: reservation.id, principal: actingAs('guest'), idempotencyKey: 'modify-key-1', checkOut: '2030-06-05' };
    const first = unwrapOk(await app.modifyReservation.execute(change));
    const retry = unwrapOk(await app.modifyReservation.execute(change));
    expect(first.replayed).toBe(false);
    expect(retry).toMatchObject({ replayed: true, priceDifference: { amountMinor: 0 } });
    expect(retry.reservation.revision).toBe(2);
    const other = await app.modifyReservation.execute({ ...change, checkOut: '2030-06-06' });
    expect(!other.ok && other.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await reserved(app, hotel.id, roomType.id)).toEqual([1, 1, 1, 1, 0, 0]);
  });

  it('a retried check-in with its key answers the checked-in reservation', async () => {
    const app = memoryApp();
    const { hotel, roomType } = await app.hotelWithRooms(1);
    const { reservation } = unwrapOk(await app.bookRoom.execute(aBooking(hotel.id, roomType.id)));
    app.clock.set(new Date('2030-06-01T15:00:00Z'));
    const first = unwrapOk(await app.frontDesk.execute('CHECK_IN', reservation.id, actingAs('desk'), 'desk-key-1'));
    const retry = unwrapOk(await app.frontDesk.execute('CHECK_IN', reservation.id, actingAs('desk'), 'desk-key-1'));
    expect(retry.toProps()).toEqual(first.toProps());
    const otherAction = await app.frontDesk.execute('NO_SHOW', reservation.id, actingAs('desk'), 'desk-key-1');
    expect(!otherAction.ok && otherAction.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});
