import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { Code, ConnectError, createClient } from '@connectrpc/connect';
import { createConnectTransport, createGrpcWebTransport } from '@connectrpc/connect-node';
import { describe, expect, it } from 'vitest';
import { BookingService } from '../../src/gen/hotel/v1/booking_service_pb.js';
import { SearchService } from '../../src/gen/hotel/v1/search_service_pb.js';
import { BadRequestSchema, ErrorInfoSchema } from '../../src/gen/google/rpc/error_details_pb.js';
import { bearer, bearerHeader } from '../support/auth.js';
import { call, callError } from '../support/grpc-client.js';
import { detailOf, statusDetails } from '../support/grpc-status.js';
import { day, useTestServer } from '../support/e2e.js';

// One server per file, on a fresh database and a private RabbitMQ exchange: the real booking path
// gRPC -> use case -> Postgres (one transaction) -> outbox -> relay -> RabbitMQ -> consumer.

const e2e = useTestServer({ broker: 'rabbitmq' });

const STAY = { checkIn: day(40), checkOut: day(43) };

async function hotelWithRooms(totalRooms: number, city = `City ${randomUUID().slice(0, 8)}`) {
  const { hotel } = await call(e2e.clients.admin, 'createHotel', {
    name: 'E2E Hotel',
    city,
    countryCode: 'FR',
    latitude: 48.85,
    longitude: 2.35,
    timeZone: 'Europe/Paris',
    currencyCode: 'EUR',
    amenities: ['wifi'],
  });
  const { roomType } = await call(e2e.clients.admin, 'createRoomType', { hotelId: hotel.id, name: 'Double', maxGuests: 2, amenities: [] });
  await call(e2e.clients.admin, 'setInventory', {
    hotelId: hotel.id,
    roomTypeId: roomType.id,
    from: day(30),
    to: day(60),
    totalRooms,
    nightlyPriceMinor: '12500',
  });
  return { hotelId: hotel.id as string, roomTypeId: roomType.id as string, city };
}

const booking = (hotelId: string, roomTypeId: string, key = randomUUID()) => ({
  idempotencyKey: key,
  hotelId,
  roomTypeId,
  ...STAY,
  guests: 2,
  guestName: 'Grace Hopper',
  guestEmail: 'grace@example.com',
});

const reservedNights = async (hotelId: string, roomTypeId: string) => {
  const { nights } = await call(e2e.clients.admin, 'getInventory', { hotelId, roomTypeId, from: STAY.checkIn, to: STAY.checkOut });
  return (nights as { reserved: number }[]).map((n) => n.reserved);
};

describe('booking over gRPC (grpc-js client, dynamic proto loading)', () => {
  it('sells exactly the 3 rooms left to 50 concurrent bookings; the other 47 get NO_AVAILABILITY', async () => {
    const { hotelId, roomTypeId } = await hotelWithRooms(3);
    const outcomes = await Promise.allSettled(Array.from({ length: 50 }, () => call(e2e.clients.booking, 'createReservation', booking(hotelId, roomTypeId))));
    const succeeded = outcomes.filter((o) => o.status === 'fulfilled');
    const failed = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as grpc.ServiceError] : []));
    expect(succeeded).toHaveLength(3);
    expect(failed).toHaveLength(47);
    for (const error of failed) {
      expect(error.code).toBe(grpc.status.FAILED_PRECONDITION);
      expect(detailOf(statusDetails(error.metadata), ErrorInfoSchema)?.reason).toBe('NO_AVAILABILITY');
    }
    expect(await reservedNights(hotelId, roomTypeId)).toEqual([3, 3, 3]);
  });

  it('returns the same reservation for a retried idempotency key and reserves nothing more', async () => {
    const { hotelId, roomTypeId } = await hotelWithRooms(5);
    const request = booking(hotelId, roomTypeId);
    const first = await call(e2e.clients.booking, 'createReservation', request);
    const retries = await Promise.all([1, 2, 3].map(() => call(e2e.clients.booking, 'createReservation', request)));
    for (const retry of retries) {
      expect(retry.reservation.id).toBe(first.reservation.id);
      expect(retry.replayed).toBe(true);
    }
    expect(first.replayed).toBe(false);
    expect(first.reservation.totalPrice).toEqual({ currencyCode: 'EUR', amountMinor: '37500' });
    expect(await reservedNights(hotelId, roomTypeId)).toEqual([1, 1, 1]);

    const reused = await callError(e2e.clients.booking, 'createReservation', { ...request, guests: 1 });
    expect(reused.code).toBe(grpc.status.ALREADY_EXISTS);
    expect(detailOf(statusDetails(reused.metadata), ErrorInfoSchema)?.reason).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await reservedNights(hotelId, roomTypeId)).toEqual([1, 1, 1]);
  });

  it('cancel releases every night; a second cancel is FAILED_PRECONDITION ALREADY_CANCELLED', async () => {
    const { hotelId, roomTypeId } = await hotelWithRooms(1);
    const { reservation } = await call(e2e.clients.booking, 'createReservation', booking(hotelId, roomTypeId));
    expect(await reservedNights(hotelId, roomTypeId)).toEqual([1, 1, 1]);
    const cancelled = await call(e2e.clients.booking, 'cancelReservation', { reservationId: reservation.id });
    expect(cancelled.reservation.status).toBe('RESERVATION_STATUS_CANCELLED');
    expect(await reservedNights(hotelId, roomTypeId)).toEqual([0, 0, 0]);
    const again = await callError(e2e.clients.booking, 'cancelReservation', { reservationId: reservation.id });
    expect(again.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(detailOf(statusDetails(again.metadata), ErrorInfoSchema)?.reason).toBe('ALREADY_CANCELLED');
    const read = await call(e2e.clients.booking, 'getReservation', { reservationId: reservation.id });
    expect(read.reservation.status).toBe('RESERVATION_STATUS_CANCELLED');
  });

  it('maps bad input to INVALID_ARGUMENT with field violations and writes nothing', async () => {
    const { hotelId, roomTypeId } = await hotelWithRooms(2);
    const error = await callError(e2e.clients.booking, 'createReservation', { ...booking(hotelId, roomTypeId), guests: 0, checkOut: day(39), guestEmail: 'nope' });
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    const fields = detailOf(statusDetails(error.metadata), BadRequestSchema)?.fieldViolations.map((v) => v.field) ?? [];
    expect(fields).toEqual(['guest_email']);
    // guests is optional in the schema (a hold confirmation omits it); the core requires it for a booking.
    const noGuests = await callError(e2e.clients.booking, 'createReservation', { ...booking(hotelId, roomTypeId), guests: 0, idempotencyKey: 'no-guests-1' });
    expect(detailOf(statusDetails(noGuests.metadata), BadRequestSchema)?.fieldViolations.map((v) => v.field)).toEqual(['guests']);
    const tooBig = await callError(e2e.clients.booking, 'createReservation', { ...booking(hotelId, roomTypeId), guests: 3 });
    expect(tooBig.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(detailOf(statusDetails(tooBig.metadata), BadRequestSchema)?.fieldViolations.map((v) => v.field)).toEqual(['guests']);
    const backwards = await callError(e2e.clients.booking, 'createReservation', { ...booking(hotelId, roomTypeId), checkOut: day(39) });
    expect(detailOf(statusDetails(backwards.metadata), BadRequestSchema)?.fieldViolations.map((v) => v.field)).toEqual(['check_out']);
    expect(await reservedNights(hotelId, roomTypeId)).toEqual([0, 0, 0]);
    const missing = await callError(e2e.clients.booking, 'getReservation', { reservationId: 'res_does_not_exist' });
    expect(missing.code).toBe(grpc.status.NOT_FOUND);
  });

  it('records one confirmation notification per booking through RabbitMQ', async () => {
    const { hotelId, roomTypeId } = await hotelWithRooms(2);
    const { reservation } = await call(e2e.clients.booking, 'createReservation', booking(hotelId, roomTypeId));
    await expect.poll(() => e2e.server.notificationsFor(reservation.id), { timeout: 15_000, interval: 100 }).toEqual(['booking_confirmation']);
    await call(e2e.clients.booking, 'cancelReservation', { reservationId: reservation.id });
    await expect
      .poll(async () => (await e2e.server.notificationsFor(reservation.id)).sort(), { timeout: 15_000, interval: 100 })
      .toEqual(['booking_confirmation', 'cancellation_confirmation']);
  });
});

describe('the same API over Connect and gRPC-Web', () => {
  it('searches over Connect JSON on HTTP/1.1 and reports bad input with field names', async () => {
    const { city, hotelId } = await hotelWithRooms(4);
    const search = createClient(SearchService, createConnectTransport({ baseUrl: e2e.server.url, httpVersion: '1.1', interceptors: [bearer(e2e.server.operatorToken)] }));
    const found = await search.searchAvailability({ location: { case: 'city', value: city }, ...STAY, guests: 2 });
    expect(found.hotels.map((h) => h.hotel?.id)).toEqual([hotelId]);
    expect(found.hotels[0]?.roomTypes[0]?.totalPrice?.amountMinor).toBe(37_500n);
    expect(found.hotels[0]?.roomTypes[0]?.roomsAvailable).toBe(4);

    const error = await search.searchAvailability({ location: { case: 'city', value: city }, ...STAY, guests: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectError);
    const connectError = error as ConnectError;
    expect(connectError.code).toBe(Code.InvalidArgument);
    expect(connectError.findDetails(BadRequestSchema)[0]?.fieldViolations.map((v) => v.field)).toEqual(['guests']);
  });

  it('answers plain JSON POSTs as in the README curl example', async () => {
    const { hotelId, roomTypeId } = await hotelWithRooms(1);
    const response = await fetch(`${e2e.server.url}/hotel.v1.BookingService/CreateReservation`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearerHeader(e2e.server.operatorToken) },
      body: JSON.stringify(booking(hotelId, roomTypeId)),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { reservation: { status: string; totalPrice: { amountMinor: string } } };
    expect(body.reservation.status).toBe('RESERVATION_STATUS_CONFIRMED');
    expect(body.reservation.totalPrice.amountMinor).toBe('37500');
  });

  it('reads a reservation over gRPC-Web on HTTP/1.1 and over Connect on HTTP/2', async () => {
    const { hotelId, roomTypeId } = await hotelWithRooms(1);
    const web = createClient(BookingService, createGrpcWebTransport({ baseUrl: e2e.server.url, httpVersion: '1.1', interceptors: [bearer(e2e.server.operatorToken)] }));
    const h2 = createClient(BookingService, createConnectTransport({ baseUrl: e2e.server.url, httpVersion: '2', interceptors: [bearer(e2e.server.operatorToken)] }));
    const { reservation } = await h2.createReservation(booking(hotelId, roomTypeId));
    const read = await web.getReservation({ reservationId: reservation!.id });
    expect(read.reservation?.id).toBe(reservation!.id);
    expect(read.reservation?.guestName).toBe('Grace Hopper');
  });
});
