import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestSchema, ErrorInfoSchema } from '../../src/gen/google/rpc/error_details_pb.js';
import { call, callError, grpcClients } from '../support/grpc-client.js';
import { detailOf, statusDetails } from '../support/grpc-status.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// Hotel management through the real server and Postgres, with a partner's grpc-js client:
// update, delete (refused while guests are to come, then gone from search and booking), listings.

let server: TestServer;
let clients: ReturnType<typeof grpcClients>;

beforeAll(async () => {
  server = await startTestServer({ broker: 'in-process' });
  clients = grpcClients(server.url, server.operatorToken);
}, 60_000);

afterAll(async () => {
  clients?.close();
  await server?.stop();
});

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const fieldsOf = (error: grpc.ServiceError) => detailOf(statusDetails(error.metadata), BadRequestSchema)?.fieldViolations.map((v) => v.field);

async function hotelWithRooms(city = `Managed ${randomUUID().slice(0, 8)}`) {
  const { hotel } = await call(clients.admin, 'createHotel', {
    name: 'Managed Hotel',
    city,
    countryCode: 'PT',
    latitude: 38.72,
    longitude: -9.14,
    timeZone: 'Europe/Lisbon',
    currencyCode: 'EUR',
    amenities: ['wifi'],
  });
  const { roomType } = await call(clients.admin, 'createRoomType', { hotelId: hotel.id, name: 'Double', maxGuests: 2 });
  await call(clients.admin, 'setInventory', { hotelId: hotel.id, roomTypeId: roomType.id, from: day(10), to: day(60), totalRooms: 5, nightlyPriceMinor: '15000' });
  return { hotelId: hotel.id as string, roomTypeId: roomType.id as string, city };
}

const book = (h: { hotelId: string; roomTypeId: string }, checkIn = day(20), checkOut = day(22)) =>
  call(clients.booking, 'createReservation', {
    idempotencyKey: randomUUID(),
    hotelId: h.hotelId,
    roomTypeId: h.roomTypeId,
    checkIn,
    checkOut,
    guests: 2,
    guestName: 'Ada Lovelace',
    guestEmail: 'ada@example.com',
  }).then((r) => r.reservation as { id: string; status: string });

describe('hotel management over gRPC', () => {
  it('updates only the fields sent, validates like CreateHotel, and updates room types', async () => {
    const h = await hotelWithRooms();
    const { hotel } = await call(clients.admin, 'updateHotel', { hotelId: h.hotelId, name: 'Renamed Hotel', amenities: { codes: ['pool', 'wifi'] }, overbookingPercent: 10 });
    expect(hotel).toMatchObject({ id: h.hotelId, name: 'Renamed Hotel', city: h.city, amenities: ['pool', 'wifi'], overbookingPercent: 10, timeZone: 'Europe/Lisbon', status: 'HOTEL_STATUS_ACTIVE' });
    const read = await call(clients.admin, 'getHotel', { hotelId: h.hotelId });
    expect(read.hotel).toEqual(hotel);
    expect(read.roomTypes.map((rt: { id: string; active: boolean }) => [rt.id, rt.active])).toEqual([[h.roomTypeId, true]]);

    const bad = await callError(clients.admin, 'updateHotel', { hotelId: h.hotelId, name: '', countryCode: 'pt' });
    expect(bad.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(fieldsOf(bad)?.sort()).toEqual(['country_code', 'name']);
    expect((await callError(clients.admin, 'updateHotel', { hotelId: 'htl_unknown', name: 'X' })).code).toBe(grpc.status.NOT_FOUND);

    const { roomType } = await call(clients.admin, 'updateRoomType', { hotelId: h.hotelId, roomTypeId: h.roomTypeId, maxGuests: 3 });
    expect(roomType).toMatchObject({ id: h.roomTypeId, name: 'Double', maxGuests: 3, active: true });
    expect(fieldsOf(await callError(clients.admin, 'updateRoomType', { hotelId: h.hotelId, roomTypeId: h.roomTypeId, maxGuests: 0 }))).toEqual(['max_guests']);
  });

  it('refuses to delete a hotel or room type with reservations to come, naming how many', async () => {
    const h = await hotelWithRooms();
    await book(h);
    await book(h, day(30), day(31));
    for (const [method, request] of [
      ['deleteHotel', { hotelId: h.hotelId }],
      ['deleteRoomType', { hotelId: h.hotelId, roomTypeId: h.roomTypeId }],
    ] as const) {
      const error = await callError(clients.admin, method, request);
      expect(error.code).toBe(grpc.status.FAILED_PRECONDITION);
      const info = detailOf(statusDetails(error.metadata), ErrorInfoSchema);
      expect([info?.reason, info?.metadata['count']]).toEqual(['HAS_FUTURE_RESERVATIONS', '2']);
      expect(error.details).toContain('2 upcoming reservations');
    }
    const { hotels } = await call(clients.search, 'searchAvailability', { city: h.city, checkIn: day(40), checkOut: day(41), guests: 2 });
    expect(hotels.map((o: { hotel: { id: string } }) => o.hotel.id)).toEqual([h.hotelId]);
  });

  it('deletes a hotel without reservations to come: gone from search and booking at once, history kept', async () => {
    const h = await hotelWithRooms();
    const reservation = await book(h);
    await call(clients.booking, 'cancelReservation', { reservationId: reservation.id });

    const { hotel } = await call(clients.admin, 'deleteHotel', { hotelId: h.hotelId });
    expect(hotel.status).toBe('HOTEL_STATUS_INACTIVE');
    const { hotels } = await call(clients.search, 'searchAvailability', { city: h.city, checkIn: day(40), checkOut: day(41), guests: 2 });
    expect(hotels).toEqual([]);
    const refused = await callError(clients.booking, 'createReservation', {
      idempotencyKey: randomUUID(),
      hotelId: h.hotelId,
      roomTypeId: h.roomTypeId,
      checkIn: day(40),
      checkOut: day(41),
      guests: 2,
      guestName: 'Late Guest',
      guestEmail: 'late@example.com',
    });
    expect(refused.code).toBe(grpc.status.NOT_FOUND);

    expect((await call(clients.booking, 'getReservation', { reservationId: reservation.id })).reservation.status).toBe('RESERVATION_STATUS_CANCELLED');
    const history = await call(clients.admin, 'listHotelReservations', { hotelId: h.hotelId });
    expect(history.reservations.map((r: { id: string }) => r.id)).toEqual([reservation.id]);
    expect((await call(clients.admin, 'getHotel', { hotelId: h.hotelId })).hotel.status).toBe('HOTEL_STATUS_INACTIVE');
    expect((await call(clients.admin, 'deleteHotel', { hotelId: h.hotelId })).hotel.status).toBe('HOTEL_STATUS_INACTIVE');
  });

  it('deletes a room type without reservations to come: the hotel stays on sale with its other rooms', async () => {
    const h = await hotelWithRooms();
    const { roomType: suite } = await call(clients.admin, 'createRoomType', { hotelId: h.hotelId, name: 'Suite', maxGuests: 2 });
    await call(clients.admin, 'setInventory', { hotelId: h.hotelId, roomTypeId: suite.id, from: day(10), to: day(60), totalRooms: 1, nightlyPriceMinor: '40000' });
    const { roomType } = await call(clients.admin, 'deleteRoomType', { hotelId: h.hotelId, roomTypeId: suite.id });
    expect(roomType.active).toBe(false);
    const { hotels } = await call(clients.search, 'searchAvailability', { city: h.city, checkIn: day(40), checkOut: day(41), guests: 2 });
    expect(hotels.flatMap((o: { roomTypes: { roomType: { id: string } }[] }) => o.roomTypes.map((r) => r.roomType.id))).toEqual([h.roomTypeId]);
    expect((await callError(clients.booking, 'createReservation', { idempotencyKey: randomUUID(), hotelId: h.hotelId, roomTypeId: suite.id, checkIn: day(40), checkOut: day(41), guests: 1, guestName: 'A B', guestEmail: 'a@example.com' })).code).toBe(
      grpc.status.NOT_FOUND,
    );
  });

  it('pages a hotel’s reservations over three pages with filters, and refuses a tampered page token', async () => {
    const h = await hotelWithRooms();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await book(h, day(20 + i), day(21 + i))).id);
    const outside = await book(h, day(40), day(41));
    const filters = { hotelId: h.hotelId, stayFrom: day(20), stayTo: day(30), statuses: ['RESERVATION_STATUS_CONFIRMED'], pageSize: 2 };
    const pages: string[][] = [];
    let pageToken = '';
    do {
      const page = await call(clients.admin, 'listHotelReservations', { ...filters, pageToken });
      pages.push(page.reservations.map((r: { id: string }) => r.id));
      pageToken = page.nextPageToken;
    } while (pageToken !== '');
    expect(pages).toEqual([ids.slice(0, 2), ids.slice(2, 4), ids.slice(4)]);
    expect(pages.flat()).not.toContain(outside.id);

    const { nextPageToken } = await call(clients.admin, 'listHotelReservations', filters);
    const [payload = '', mac = ''] = nextPageToken.split('.');
    const tampered = `${Buffer.from(JSON.stringify([day(24), ids[4]])).toString('base64url')}.${mac}`;
    for (const request of [
      { ...filters, pageToken: tampered },
      { ...filters, pageToken: `${payload}.${mac.slice(1)}` },
      { ...filters, statuses: [], pageToken: nextPageToken },
    ]) {
      const error = await callError(clients.admin, 'listHotelReservations', request);
      expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(fieldsOf(error)).toEqual(['page_token']);
    }
  });

  it('lists hotels in id order, every hotel once, page by page', async () => {
    const mine = [await hotelWithRooms(), await hotelWithRooms(), await hotelWithRooms()].map((h) => h.hotelId);
    const pages: string[][] = [];
    let pageToken = '';
    do {
      const page = await call(clients.admin, 'listHotels', { pageSize: 2, pageToken });
      pages.push(page.hotels.map((h: { id: string }) => h.id));
      pageToken = page.nextPageToken;
    } while (pageToken !== '');
    const seen = pages.flat();
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.every((p) => p.length <= 2)).toBe(true);
    expect(seen).toEqual([...seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(mine));

    const error = await callError(clients.admin, 'listHotels', { pageSize: 2, pageToken: 'eyJ0YW1wZXJlZCI6dHJ1ZX0.AAAA' });
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(fieldsOf(error)).toEqual(['page_token']);
  });
});
