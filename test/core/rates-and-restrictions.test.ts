import { STAFF } from '../support/builders.js';
import { describe, expect, it } from 'vitest';
import type { NewRatePlan } from '../../src/core/rates/rate-plan.js';
import { aBooking } from '../support/builders.js';
import { memoryApp, unwrapOk } from '../support/memory-app.js';

const plan = (hotelId: string, roomTypeId: string, overrides: Partial<NewRatePlan> = {}): NewRatePlan => ({
  hotelId,
  roomTypeId,
  name: 'Flexible with breakfast',
  mealPlan: 'BREAKFAST',
  refundable: true,
  cancellationPolicy: { freeUntilHoursBeforeArrival: 48, penalty: { kind: 'FIRST_NIGHT' } },
  taxes: { vatBasisPoints: 1000, cityTaxPerPersonNightMinor: 300 },
  ...overrides,
});

async function withPlan(overrides: Partial<NewRatePlan> = {}) {
  const app = memoryApp();
  const { hotel, roomType } = await app.hotelWithRooms(2, { priceMinor: 9_000 });
  const ratePlan = unwrapOk(await app.createRatePlan.execute(plan(hotel.id, roomType.id, overrides)));
  unwrapOk(
    await app.setRatePrices.execute({ hotelId: hotel.id, ratePlanId: ratePlan.id, from: '2030-06-01', to: '2030-07-01', pricesByAdultsMinor: [10_000, 12_000, 15_000], extraChildMinor: 2_500 }),
  );
  return { app, hotel, roomType, ratePlan };
}

describe('booking a rate plan', () => {
  it('prices by occupancy with children, VAT and city tax, and locks the policy', async () => {
    const { app, hotel, roomType, ratePlan } = await withPlan();
    const booked = unwrapOk(await app.bookRoom.execute(aBooking(hotel.id, roomType.id, { ratePlanId: ratePlan.id, guests: 3, children: 1 })));
    const r = booked.reservation;
    // 2 adults 12000 + 1 child 2500 = 14500 a night; VAT 1450; city tax 3 x 300; 3 nights.
    expect(r.price.beforeTax.amountMinor).toBe(43_500);
    expect(r.price.vat.amountMinor).toBe(4_350);
    expect(r.price.cityTax.amountMinor).toBe(2_700);
    expect(r.totalPrice.amountMinor).toBe(50_550);
    expect(r.ratePlanId).toBe(ratePlan.id);
    expect(r.cancellationPolicy).toEqual({ freeUntilHoursBeforeArrival: 48, penalty: { kind: 'FIRST_NIGHT' } });
  });

  it('refuses a plan of another room type, an unpriced night, and an occupancy the plan does not price', async () => {
    const { app, hotel, roomType, ratePlan } = await withPlan();
    const other = unwrapOk(await app.createRoomType.execute({ hotelId: hotel.id, name: 'Suite', maxGuests: 6, amenities: [] }));
    const foreign = await app.bookRoom.execute(aBooking(hotel.id, other.id, { ratePlanId: ratePlan.id }));
    expect(!foreign.ok && foreign.error).toMatchObject({ code: 'NOT_FOUND', resource: 'rate_plan' });
    const unpriced = await app.bookRoom.execute(aBooking(hotel.id, roomType.id, { ratePlanId: ratePlan.id, checkIn: '2030-06-29', checkOut: '2030-07-02' }));
    expect(!unpriced.ok && unpriced.error).toMatchObject({ code: 'NO_AVAILABILITY', nights: ['2030-07-01'] });
    const cheap = unwrapOk(await app.createRatePlan.execute(plan(hotel.id, roomType.id, { name: 'Solo' })));
    unwrapOk(await app.setRatePrices.execute({ hotelId: hotel.id, ratePlanId: cheap.id, from: '2030-06-01', to: '2030-06-10', pricesByAdultsMinor: [8_000], extraChildMinor: 0 }));
    const crowd = await app.bookRoom.execute(aBooking(hotel.id, roomType.id, { ratePlanId: cheap.id, guests: 2 }));
    expect(!crowd.ok && crowd.error.code).toBe('INVALID_ARGUMENT');
    expect(unwrapOk(await app.getInventory.execute(hotel.id, roomType.id, '2030-06-01', '2030-06-04')).map((n) => n.reserved)).toEqual([0, 0, 0]);
  });

  it('quotes the standard rate and every plan, cheapest first, with the policy in words', async () => {
    const { app, hotel, ratePlan } = await withPlan();
    const quotes = unwrapOk(await app.quoteStay.execute({ hotelId: hotel.id, roomTypeId: '', checkIn: '2030-06-01', checkOut: '2030-06-03', adults: 2, children: 0 }));
    expect(quotes.map((q) => [q.ratePlan?.id ?? 'standard', q.price.afterTax.amountMinor])).toEqual([
      ['standard', 18_000],
      [ratePlan.id, 2 * (12_000 + 1_200 + 600)],
    ]);
    expect(quotes[1]?.policyText).toContain('48 hours');
  });
});

describe('cancellation terms', () => {
  it('previews then charges nothing inside the free period and the first night after it', async () => {
    const { app, hotel, roomType, ratePlan } = await withPlan();
    const early = unwrapOk(await app.bookRoom.execute(aBooking(hotel.id, roomType.id, { ratePlanId: ratePlan.id })));
    expect(unwrapOk(await app.previewCancellation.execute(early.reservation.id, STAFF)).penalty.amountMinor).toBe(0);

    // Arrival 2030-06-01 00:00 Paris = 2030-05-31T22:00Z; 48 h before is 05-29T22:00Z.
    app.clock.set(new Date('2030-05-29T22:30:00Z'));
    const late = unwrapOk(await app.previewCancellation.execute(early.reservation.id, STAFF));
    expect(late.penalty.amountMinor).toBe(early.reservation.price.nights[0]!.afterTaxMinor);
    const cancelled = unwrapOk(await app.cancelReservation.execute(early.reservation.id, STAFF));
    expect(cancelled.penalty).toEqual(late.penalty);
    expect(cancelled.reservation.cancellationPenalty).toEqual(late.penalty);
  });

  it('charges the full stay on a non-refundable plan at any time', async () => {
    const { app, hotel, roomType, ratePlan } = await withPlan({ refundable: false, cancellationPolicy: { freeUntilHoursBeforeArrival: null, penalty: { kind: 'FULL_STAY' } } });
    const booked = unwrapOk(await app.bookRoom.execute(aBooking(hotel.id, roomType.id, { ratePlanId: ratePlan.id })));
    const { penalty } = unwrapOk(await app.cancelReservation.execute(booked.reservation.id, STAFF));
    expect(penalty).toEqual(booked.reservation.totalPrice);
  });
});

describe('restrictions on the booking path', () => {
  it.each([
    [{ minStay: 4 }, 'MIN_STAY'],
    [{ closedToArrival: true }, 'CLOSED_TO_ARRIVAL'],
    [{ stopSell: true }, 'STOP_SELL'],
  ] as const)('%j refuses the stay with %s and reserves nothing', async (change, restriction) => {
    const app = memoryApp();
    const { hotel, roomType } = await app.hotelWithRooms(2);
    expect(unwrapOk(await app.setRestrictions.execute({ hotelId: hotel.id, roomTypeId: roomType.id, from: '2030-06-01', to: '2030-06-02', change }))).toBe(1);
    const result = await app.bookRoom.execute(aBooking(hotel.id, roomType.id));
    expect(!result.ok && result.error).toMatchObject({ code: 'STAY_RESTRICTED', restriction, date: '2030-06-01' });
    expect(unwrapOk(await app.getInventory.execute(hotel.id, roomType.id, '2030-06-01', '2030-06-04')).map((n) => n.reserved)).toEqual([0, 0, 0]);
    const quotes = unwrapOk(await app.quoteStay.execute({ hotelId: hotel.id, roomTypeId: roomType.id, checkIn: '2030-06-01', checkOut: '2030-06-04', adults: 2, children: 0 }));
    expect(quotes).toEqual([]);
  });

  it('checks closed-to-departure on the check-out day, in booking and in search, and lifting a restriction reopens the stay', async () => {
    const app = memoryApp();
    const { hotel, roomType } = await app.hotelWithRooms(2);
    const set = (change: object) => app.setRestrictions.execute({ hotelId: hotel.id, roomTypeId: roomType.id, from: '2030-06-04', to: '2030-06-05', change });
    const searched = async () =>
      unwrapOk(await app.search.execute({ area: { kind: 'city', city: 'Paris' }, checkIn: '2030-06-01', checkOut: '2030-06-04', guests: 2, amenities: [], pageSize: 0 })).map((o) => o.hotel.id);
    unwrapOk(await set({ closedToDeparture: true }));
    const refused = await app.bookRoom.execute(aBooking(hotel.id, roomType.id));
    expect(!refused.ok && refused.error).toMatchObject({ restriction: 'CLOSED_TO_DEPARTURE', date: '2030-06-04' });
    // Search offers nothing that booking would refuse.
    expect(await searched()).toEqual([]);
    unwrapOk(await set({ closedToDeparture: false }));
    expect(await searched()).toEqual([hotel.id]);
    unwrapOk(await app.bookRoom.execute(aBooking(hotel.id, roomType.id)));
  });

  it('refuses max_stay below min_stay and an empty change', async () => {
    const app = memoryApp();
    const { hotel, roomType } = await app.hotelWithRooms(1);
    const bad = await app.setRestrictions.execute({ hotelId: hotel.id, roomTypeId: roomType.id, from: '2030-06-01', to: '2030-06-02', change: { minStay: 5, maxStay: 3 } });
    expect(!bad.ok && bad.error.code === 'INVALID_ARGUMENT' && bad.error.violations.map((v) => v.field)).toEqual(['max_stay']);
    const empty = await app.setRestrictions.execute({ hotelId: hotel.id, roomTypeId: roomType.id, from: '2030-06-01', to: '2030-06-02', change: {} });
    expect(!empty.ok && empty.error.code).toBe('INVALID_ARGUMENT');
  });
});

describe('deleted hotels and room types are off sale', () => {
  it('are neither quoted, held, booked nor given new rates or restrictions', async () => {
    const { app, hotel, roomType, ratePlan } = await withPlan();
    const other = unwrapOk(await app.createRoomType.execute({ hotelId: hotel.id, name: 'Suite', maxGuests: 3, amenities: [] }));
    unwrapOk(await app.deleteRoomType.execute(hotel.id, roomType.id));
    const quotes = unwrapOk(await app.quoteStay.execute({ hotelId: hotel.id, roomTypeId: '', checkIn: '2030-06-01', checkOut: '2030-06-03', adults: 2, children: 0 }));
    expect(quotes.filter((q) => q.roomType.id === roomType.id)).toEqual([]);
    const booked = await app.bookRoom.execute(aBooking(hotel.id, roomType.id, { ratePlanId: ratePlan.id }));
    expect(!booked.ok && booked.error).toMatchObject({ code: 'NOT_FOUND', resource: 'room_type' });
    const restricted = await app.setRestrictions.execute({ hotelId: hotel.id, roomTypeId: roomType.id, from: '2030-06-01', to: '2030-06-02', change: { stopSell: true } });
    expect(!restricted.ok && restricted.error.code).toBe('NOT_FOUND');

    unwrapOk(await app.deleteHotel.execute(hotel.id));
    const quoteHotel = await app.quoteStay.execute({ hotelId: hotel.id, roomTypeId: '', checkIn: '2030-06-01', checkOut: '2030-06-03', adults: 2, children: 0 });
    expect(!quoteHotel.ok && quoteHotel.error).toMatchObject({ code: 'NOT_FOUND', resource: 'hotel' });
    const held = await app.holdReservation.execute({ ...aBooking(hotel.id, other.id), holdMinutes: 0 });
    expect(!held.ok && held.error).toMatchObject({ code: 'NOT_FOUND', resource: 'hotel' });
    const plan2 = await app.createRatePlan.execute(plan(hotel.id, other.id));
    expect(!plan2.ok && plan2.error.code).toBe('NOT_FOUND');
  });
});
