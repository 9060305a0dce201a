import { STAFF } from '../support/builders.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarDate } from '../../src/core/time/calendar-date.js';
import { aBooking } from '../support/builders.js';
import { memoryApp, unwrapOk } from '../support/memory-app.js';

const reservedOn = async (app: ReturnType<typeof memoryApp>, hotelId: string, roomTypeId: string, from = '2030-06-01', to = '2030-06-04') =>
  unwrapOk(await app.getInventory.execute(hotelId, roomTypeId, from, to)).map((n) => n.reserved);

describe('BookRoom', () => {
  it('confirms a reservation priced as the sum of its nights and reserves every night', async () => {
    const app = memoryApp();
    const { hotel, roomType } = await app.hotelWithRooms(2, { priceMinor: 10_050 });
    const booked = unwrapOk(await app.bookRoom.execute(aBooking(hotel.id, roomType.id)));
    expect(booked.replayed).toBe(false);
    expect(booked.reservation.status).toBe('CONFIRMED');
    expect(booked.reservation.totalPrice.amountMinor).toBe(30_150);
    expect(booked.reservation.totalPrice.currency).toBe('EUR');
    expect(await reservedOn(app, hotel.id, roomType.id)).toEqual([1, 1, 1]);
    expect(await reservedOn(app, hotel.id, roomType.id, '2030-06-04', '2030-06-05')).toEqual([0]);
  });

  it('appends reservation.confirmed to the outbox in the same unit of work', async () => {
    const app = memoryApp();
    const { hotel, roomType } = await app.hotelWithRooms(1);
    const booked = unwrapOk(await app.bookRoom.execute(aBooking(hotel.id, roomType.id)));
    const published: string[] = [];
    await app.db.relay(10, async (events) => {
      // Creating the hotel and room type appended catalog events (for the search index) before it.
      published.push(...events.filter((e) => e.type.startsWith('reservation.')).map((e) => `${e.type}:${e.aggregateId}`));
    });
    expect(published).toEqual([`reservation.confirmed:${booked.reservation.id}`]);
  });

  it('replays the first reservation for a retried idempotency key and reserves nothing more', async () => {
    const app = memoryApp();
    const { hotel, roomType } = await app.hotelWithRooms(5);
    const command = aBooking(hotel.id, roomType.id);
    const first = unwrapOk(await app.bookRoom.execute(command));
    const retry = unwrapOk(await app.bookRoom.execute({ ...command }));
    expect(retry.replayed).toBe(true);
    expect(retry.reservation.id).toBe(first.reservation.id);
    expect(await reservedOn(app, hotel.id, roomType.id)).toEqual([1, 1, 1]);
  });

  it('answers a replay even after the hotel sold out', async () => {
    const app = memoryApp();
    const { hotel, roomType } = await app.hotelWithRooms(1);
    const command = aBooking(hotel.id, roomType.id);
    const first = unwrapOk(await app.bookRoom.execute(command));
    const retry = unwrapOk(await app.bookRoom.execute(command));
    expect(retry.reservation.id).toBe(first.reservation.id);
  });

  it('refuses the same key with a different request and writes nothing', async () => {
    const app = memoryApp();
    const { hotel, roomType } = await app.hotelWithRooms(5);
    const command = aBooking(hotel.id, roomType.id);
    unwrapOk(await app.bookRoom.execute(command));
    const other = await app.bookRoom.execute({ ...command, guests: 3 });
    expect(!other.ok && other.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await reservedOn(app, hotel.id, roomType.id)).toEqual([1, 1, 1]);
  });

  it('names the sold-out nights and reserves none of the others', async () => {
    const app = memoryApp();
    const { hotel, roomType } = await app.hotelWithRooms(1);
    unwrapOk(await app.bookRoom.execute(aBooking(hotel.id, roomType.id, { checkIn: '2030-06-02', checkOut: '2030-06-03' })));
    const result = await app.bookRoom.execute(aBooking(hotel.id, roomType.id));
    expect(result.ok).toBe(false);
    if (!result.ok && result.error.code === 'NO_AVAILABILITY') expect(result.error.nights).toEqual(['2030-06-02']);
    else throw new Error(`expected NO_AVAILABILITY, got ${JSON.stringify(result)}`);
    expect(await reservedOn(app, hotel.id, roomType.id)).toEqual([0, 1, 0]);
  });

  it('treats nights without inventory as unavailable', async () => {
    const app = memoryApp();
    const { hotel, roomType } = await app.hotelWithRooms(3);
    const result = await app.bookRoom.execute(aBooking(hotel.id, roomType.id, { checkIn: '2030-12-30', checkOut: '2031-01-02' }));
    expect(!result.ok && result.error.code).toBe('NO_AVAILABILITY');
  });

  it('sells the overbooking allowance and no more', async () => {
    const app = memoryApp();
    const { hotel, roomType } = await app.hotelWithRooms(10, { hotel: { overbookingPercent: 10 } });
    const outcomes = [];
    for (let i = 0; i < 12; i++) outcomes.push((await app.bookRoom.execute(aBooking(hotel.id, roomType.id))).ok);
    expect(outcomes.filter(Boolean)).toHaveLength(11);
  });

  it.each([
    [{ guests: 4 }, 'guests'],
    [{ guests: 0 }, 'guests'],
    [{ checkIn: '2029-12-31', checkOut: '2030-01-02' }, 'check_in'],
    [{ guestEmail: 'not-an-email' }, 'guest_email'],
    [{ guestName: '   ' }, 'guest_name'],
    [{ idempotencyKey: 'short' }, 'idempotency_key'],
  ])('refuses %j on field %s, writing nothing', async (overrides, field) => {
    const app = memoryApp();
    const { hotel, roomType } = await app.hotelWithRooms(3);
    const result = await app.bookRoom.execute(aBooking(hotel.id, roomType.id, overrides));
    expect(result.ok).toBe(false);
    if (!result.ok && result.error.code === 'INVALID_ARGUMENT') expect(result.error.violations.map((v) => v.field)).toContain(field);
    else throw new Error(`expected INVALID_ARGUMENT, got ${JSON.stringify(result)}`);
    expect(await reservedOn(app, hotel.id, roomType.id)).toEqual([0, 0, 0]);
  });

  it('judges "the past" in the hotel time zone', async () => {
    // 2030-01-01T12:00Z is already 2030-01-02 in Kiritimati (UTC+14).
    const app = memoryApp();
    const { hotel, roomType } = await app.hotelWithRooms(3, { hotel: { timeZone: 'Pacific/Kiritimati' }, from: '2030-01-02' });
    const result = await app.bookRoom.execute(aBooking(hotel.id, roomType.id, { checkIn: '2030-01-01', checkOut: '2030-01-03' }));
    expect(!result.ok && result.error.code).toBe('INVALID_ARGUMENT');
  });

  it('answers NOT_FOUND for an unknown hotel or a room type of another hotel', async () => {
    const app = memoryApp();
    const a = await app.hotelWithRooms(1);
    const b = await app.hotelWithRooms(1);
    const unknown = await app.bookRoom.execute(aBooking('htl_nope', a.roomType.id));
    expect(!unknown.ok && unknown.error).toMatchObject({ code: 'NOT_FOUND', resource: 'hotel' });
    const foreign = await app.bookRoom.execute(aBooking(a.hotel.id, b.roomType.id));
    expect(!foreign.ok && foreign.error).toMatchObject({ code: 'NOT_FOUND', resource: 'room_type' });
  });
});

describe('CancelReservation', () => {
  it('releases every night and refuses a second cancellation', async () => {
    const app = memoryApp();
    const { hotel, roomType } = await app.hotelWithRooms(1);
    const booked = unwrapOk(await app.bookRoom.execute(aBooking(hotel.id, roomType.id)));
    const { reservation: cancelled } = unwrapOk(await app.cancelReservation.execute(booked.reservation.id, STAFF));
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.cancelledAt).toEqual(app.clock.now());
    expect(await reservedOn(app, hotel.id, roomType.id)).toEqual([0, 0, 0]);
    const again = await app.cancelReservation.execute(booked.reservation.id, STAFF);
    expect(!again.ok && again.error).toMatchObject({ code: 'INVALID_TRANSITION', from: 'CANCELLED', to: 'CANCELLED' });
    expect(await reservedOn(app, hotel.id, roomType.id)).toEqual([0, 0, 0]);
    unwrapOk(await app.bookRoom.execute(aBooking(hotel.id, roomType.id)));
  });

  it('answers NOT_FOUND for an unknown reservation', async () => {
    const app = memoryApp();
    const result = await app.cancelReservation.execute('res_missing', STAFF);
    expect(!result.ok && result.error.code).toBe('NOT_FOUND');
  });
});

describe('inventory invariant under any sequence of bookings and cancellations', () => {
  it('keeps reserved equal to the live reservations on every night, within the sellable rooms', async () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('book' as const), start: fc.integer({ min: 0, max: 8 }), nights: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 50 }), fc.array(op, { maxLength: 30 }), async (rooms, pct, ops) => {
        const app = memoryApp();
        const { hotel, roomType } = await app.hotelWithRooms(rooms, { hotel: { overbookingPercent: pct } });
        const base = CalendarDate.parse('2030-06-01')!;
        const live: { id: string; start: number; nights: number }[] = [];
        for (const o of ops) {
          if (o.kind === 'book') {
            const r = await app.bookRoom.execute(
              aBooking(hotel.id, roomType.id, { checkIn: base.addDays(o.start).toString(), checkOut: base.addDays(o.start + o.nights).toString() }),
            );
            if (r.ok) live.push({ id: r.value.reservation.id, start: o.start, nights: o.nights });
            else expect(r.error.code).toBe('NO_AVAILABILITY');
          } else if (live.length > 0) {
            const [victim] = live.splice(o.pick % live.length, 1);
            unwrapOk(await app.cancelReservation.execute(victim!.id, STAFF));
          }
        }
        const nights = unwrapOk(await app.getInventory.execute(hotel.id, roomType.id, '2030-06-01', '2030-06-13'));
        nights.forEach((night, day) => {
          const expected = live.filter((r) => r.start <= day && day < r.start + r.nights).length;
          expect(night.reserved).toBe(expected);
          expect(night.reserved).toBeLessThanOrEqual(Math.floor((rooms * (100 + pct)) / 100));
        });
      }),
      { numRuns: 60 },
    );
  });
});
