import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { ErrorInfoSchema } from '../../src/gen/google/rpc/error_details_pb.js';
import { call, callError } from '../support/grpc-client.js';
import { detailOf, statusDetails } from '../support/grpc-status.js';
import { day, useTestServer } from '../support/e2e.js';

// Rate plans, occupancy pricing with taxes, restrictions and cancellation terms through the real
// server and Postgres, with a partner's grpc-js client.

const e2e = useTestServer({ broker: 'in-process' });


async function hotelWithPlan(policy: object) {
  const { hotel } = await call(e2e.clients.admin, 'createHotel', {
    name: 'Rates Hotel',
    city: `Rates ${randomUUID().slice(0, 6)}`,
    countryCode: 'FR',
    latitude: 43.3,
    longitude: 5.37,
    timeZone: 'Europe/Paris',
    currencyCode: 'EUR',
  });
  const { roomType } = await call(e2e.clients.admin, 'createRoomType', { hotelId: hotel.id, name: 'Family', maxGuests: 4 });
  await call(e2e.clients.admin, 'setInventory', { hotelId: hotel.id, roomTypeId: roomType.id, from: day(20), to: day(60), totalRooms: 3, nightlyPriceMinor: '20000' });
  const { ratePlan } = await call(e2e.clients.rates, 'createRatePlan', {
    hotelId: hotel.id,
    roomTypeId: roomType.id,
    name: 'Flexible, breakfast',
    mealPlan: 'MEAL_PLAN_BREAKFAST',
    cancellationPolicy: policy,
    taxes: { vatBasisPoints: 1000, cityTaxPerPersonNightMinor: '250' },
  });
  await call(e2e.clients.rates, 'setRatePrices', {
    hotelId: hotel.id,
    ratePlanId: ratePlan.id,
    from: day(20),
    to: day(60),
    pricesByAdultsMinor: ['14000', '16500'],
    extraChildMinor: '3000',
  });
  return { hotelId: hotel.id as string, roomTypeId: roomType.id as string, ratePlanId: ratePlan.id as string };
}

const booking = (h: { hotelId: string; roomTypeId: string }, extra: object = {}) => ({
  idempotencyKey: randomUUID(),
  hotelId: h.hotelId,
  roomTypeId: h.roomTypeId,
  checkIn: day(30),
  checkOut: day(32),
  guests: 3,
  children: 1,
  guestName: 'Alan Turing',
  guestEmail: 'alan@example.com',
  ...extra,
});

describe('rates over gRPC', () => {
  it('quotes and books a rate plan priced by occupancy with VAT and city tax', async () => {
    const h = await hotelWithPlan({ refundable: true, freeUntilHoursBeforeArrival: 48, penaltyKind: 'PENALTY_KIND_FIRST_NIGHT' });
    const { quotes } = await call(e2e.clients.booking, 'quoteStay', { hotelId: h.hotelId, checkIn: day(30), checkOut: day(32), adults: 2, children: 1 });
    const planQuote = quotes.find((q: { ratePlan?: { id: string } }) => q.ratePlan?.id === h.ratePlanId);
    // 2 adults 16500 + child 3000 = 19500; VAT 1950; city tax 3 x 250 = 750; two nights.
    expect(planQuote.price.beforeTax.amountMinor).toBe('39000');
    expect(planQuote.price.taxes.amountMinor).toBe('5400');
    expect(planQuote.price.afterTax.amountMinor).toBe('44400');
    expect(planQuote.price.nights).toHaveLength(2);
    expect(planQuote.cancellationPolicy.description).toContain('48 hours');

    const { reservation } = await call(e2e.clients.booking, 'createReservation', booking(h, { ratePlanId: h.ratePlanId }));
    expect(reservation.totalPrice.amountMinor).toBe('44400');
    expect(reservation.price.vat.amountMinor).toBe('3900');
    expect(reservation.ratePlanId).toBe(h.ratePlanId);

    const preview = await call(e2e.clients.booking, 'previewCancellation', { reservationId: reservation.id });
    expect(preview.penalty.amountMinor).toBe('0');
    const cancelled = await call(e2e.clients.booking, 'cancelReservation', { reservationId: reservation.id });
    expect(cancelled.penalty.amountMinor).toBe('0');
  });

  it('charges a non-refundable plan in full on cancellation', async () => {
    const h = await hotelWithPlan({ refundable: false, penaltyKind: 'PENALTY_KIND_FULL_STAY' });
    const { reservation } = await call(e2e.clients.booking, 'createReservation', booking(h, { ratePlanId: h.ratePlanId }));
    const cancelled = await call(e2e.clients.booking, 'cancelReservation', { reservationId: reservation.id });
    expect(cancelled.penalty.amountMinor).toBe(reservation.totalPrice.amountMinor);
    expect(cancelled.reservation.cancellationPenalty.amountMinor).toBe(reservation.totalPrice.amountMinor);
  });

  it.each([
    [{ minStay: 3 }, 'MIN_STAY'],
    [{ closedToArrival: true }, 'CLOSED_TO_ARRIVAL'],
    [{ stopSell: true }, 'STOP_SELL'],
  ])('refuses a stay breaking %j with FAILED_PRECONDITION %s and reserves nothing', async (change, reason) => {
    const h = await hotelWithPlan({ refundable: true, freeUntilHoursBeforeArrival: 0, penaltyKind: 'PENALTY_KIND_FIRST_NIGHT' });
    const { nightsUpdated } = await call(e2e.clients.rates, 'setRestrictions', { hotelId: h.hotelId, roomTypeId: h.roomTypeId, from: day(30), to: day(31), ...change });
    expect(nightsUpdated).toBe(1);
    const error = await callError(e2e.clients.booking, 'createReservation', booking(h));
    expect(error.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(detailOf(statusDetails(error.metadata), ErrorInfoSchema)).toMatchObject({ reason, metadata: { date: day(30) } });
    const { nights } = await call(e2e.clients.admin, 'getInventory', { hotelId: h.hotelId, roomTypeId: h.roomTypeId, from: day(30), to: day(32) });
    expect(nights.map((n: { reserved: number }) => n.reserved)).toEqual([0, 0]);
  });

  it('refuses bad rate input with field violations', async () => {
    const h = await hotelWithPlan({ refundable: true, freeUntilHoursBeforeArrival: 24, penaltyKind: 'PENALTY_KIND_PERCENT', penaltyPercent: 50 });
    const noPrices = await callError(e2e.clients.rates, 'setRatePrices', { hotelId: h.hotelId, ratePlanId: h.ratePlanId, from: day(20), to: day(21), pricesByAdultsMinor: [] });
    expect(noPrices.code).toBe(grpc.status.INVALID_ARGUMENT);
    const badStay = await callError(e2e.clients.rates, 'setRestrictions', { hotelId: h.hotelId, roomTypeId: h.roomTypeId, from: day(20), to: day(21), minStay: 5, maxStay: 2 });
    expect(badStay.code).toBe(grpc.status.INVALID_ARGUMENT);
    const unknown = await callError(e2e.clients.booking, 'createReservation', booking(h, { ratePlanId: 'rp_unknown' }));
    expect(unknown.code).toBe(grpc.status.NOT_FOUND);
  });
});
