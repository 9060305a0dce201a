import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { ErrorInfoSchema } from '../../src/gen/google/rpc/error_details_pb.js';
import { call, callError } from '../support/grpc-client.js';
import { detailOf, statusDetails } from '../support/grpc-status.js';
import { dayIn, useTestServer } from '../support/e2e.js';

// Holds, modifications and the front desk through the real server and Postgres.

const e2e = useTestServer({ broker: 'in-process' });


const HOTEL_ZONE = 'Europe/Berlin';
/** Days relative to today at the hotel: arrival, no-show and check-in rules follow the hotel's calendar. */
const day = (offset: number) => dayIn(HOTEL_ZONE, offset);

async function hotel(rooms: number) {
  const { hotel } = await call(e2e.clients.admin, 'createHotel', {
    name: 'Lifecycle Hotel',
    city: `Life ${randomUUID().slice(0, 6)}`,
    countryCode: 'DE',
    latitude: 52.52,
    longitude: 13.4,
    timeZone: HOTEL_ZONE,
    currencyCode: 'EUR',
  });
  const { roomType } = await call(e2e.clients.admin, 'createRoomType', { hotelId: hotel.id, name: 'Double', maxGuests: 2 });
  await call(e2e.clients.admin, 'setInventory', { hotelId: hotel.id, roomTypeId: roomType.id, from: day(0), to: day(60), totalRooms: rooms, nightlyPriceMinor: '10000' });
  return { hotelId: hotel.id as string, roomTypeId: roomType.id as string };
}

const stay = (h: { hotelId: string; roomTypeId: string }, from: number, to: number) => ({
  idempotencyKey: randomUUID(),
  hotelId: h.hotelId,
  roomTypeId: h.roomTypeId,
  checkIn: day(from),
  checkOut: day(to),
  guests: 2,
  guestName: 'Katherine Johnson',
  guestEmail: 'katherine@example.com',
});

const reserved = async (h: { hotelId: string; roomTypeId: string }, from: number, to: number) =>
  ((await call(e2e.clients.admin, 'getInventory', { hotelId: h.hotelId, roomTypeId: h.roomTypeId, from: day(from), to: day(to) })).nights as { reserved: number }[]).map(
    (n) => n.reserved,
  );

describe('hold then confirm', () => {
  it('holds the last room for others, then confirms it at the held price', async () => {
    const h = await hotel(1);
    const { reservation: held } = await call(e2e.clients.booking, 'holdReservation', { ...stay(h, 20, 22), holdMinutes: 10 });
    expect(held.status).toBe('RESERVATION_STATUS_HELD');
    expect(Date.parse(held.holdExpiresAt) - Date.parse(held.createdAt)).toBe(10 * 60_000);
    const blocked = await callError(e2e.clients.booking, 'createReservation', stay(h, 20, 22));
    expect(detailOf(statusDetails(blocked.metadata), ErrorInfoSchema)?.reason).toBe('NO_AVAILABILITY');

    const { reservation } = await call(e2e.clients.booking, 'createReservation', { ...stay(h, 20, 22), holdId: held.id });
    expect(reservation).toMatchObject({ id: held.id, status: 'RESERVATION_STATUS_CONFIRMED', totalPrice: held.totalPrice });
    expect(reservation.revisions.map((r: { kind: string }) => r.kind)).toEqual(['HELD', 'CONFIRMED']);
    expect(await reserved(h, 20, 22)).toEqual([1, 1]);
  });
});

describe('modification', () => {
  it('moves a reservation to free nights and back, or changes nothing when the new nights are sold out', async () => {
    const h = await hotel(1);
    const { reservation } = await call(e2e.clients.booking, 'createReservation', stay(h, 20, 22));
    const moved = await call(e2e.clients.booking, 'modifyReservation', { reservationId: reservation.id, checkIn: day(25), checkOut: day(28) });
    expect(moved.reservation.checkIn).toBe(day(25));
    expect(moved.priceDifference.amountMinor).toBe('10000');
    expect(await reserved(h, 20, 28)).toEqual([0, 0, 0, 0, 0, 1, 1, 1]);

    await call(e2e.clients.booking, 'createReservation', stay(h, 30, 31));
    const refused = await callError(e2e.clients.booking, 'modifyReservation', { reservationId: reservation.id, checkOut: day(31) });
    expect(refused.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(detailOf(statusDetails(refused.metadata), ErrorInfoSchema)).toMatchObject({ reason: 'NO_AVAILABILITY', metadata: { nights: day(30) } });
    expect(await reserved(h, 25, 31)).toEqual([1, 1, 1, 0, 0, 1]);
    const read = await call(e2e.clients.booking, 'getReservation', { reservationId: reservation.id });
    expect(read.reservation.checkOut).toBe(day(28));
    expect(read.reservation.revisions).toHaveLength(2);
  });
});

describe('front desk', () => {
  it('refuses to check in before arrival and records a no-show from the arrival day', async () => {
    const h = await hotel(2);
    const { reservation: future } = await call(e2e.clients.booking, 'createReservation', stay(h, 5, 7));
    const early = await callError(e2e.clients.admin, 'checkIn', { reservationId: future.id });
    expect(early.code).toBe(grpc.status.FAILED_PRECONDITION);

    const { reservation: tonight } = await call(e2e.clients.booking, 'createReservation', stay(h, 1, 3));
    const tooEarlyNoShow = await callError(e2e.clients.admin, 'markNoShow', { reservationId: tonight.id });
    expect(tooEarlyNoShow.code).toBe(grpc.status.FAILED_PRECONDITION);
    const cancelled = await call(e2e.clients.booking, 'cancelReservation', { reservationId: tonight.id });
    expect(cancelled.reservation.status).toBe('RESERVATION_STATUS_CANCELLED');
    const afterCancel = await callError(e2e.clients.admin, 'checkIn', { reservationId: tonight.id });
    expect(detailOf(statusDetails(afterCancel.metadata), ErrorInfoSchema)).toMatchObject({ reason: 'INVALID_TRANSITION', metadata: { from: 'CANCELLED', to: 'CHECKED_IN' } });
  });
});
