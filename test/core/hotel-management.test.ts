import { STAFF } from '../support/builders.js';
import { describe, expect, it } from 'vitest';
import { aBooking, aHotel } from '../support/builders.js';
import { memoryApp, unwrapOk } from '../support/memory-app.js';

const searchParis = (app: ReturnType<typeof memoryApp>, checkIn = '2030-06-01', checkOut = '2030-06-04') =>
  app.search.execute({ area: { kind: 'city', city: 'Paris' }, checkIn, checkOut, guests: 2, amenities: [], pageSize: 0 });

describe('UpdateHotel', () => {
  it('changes only the fields given and keeps the rest', async () => {
    const app = memoryApp();
    const { hotel } = await app.hotelWithRooms(2);
    const updated = unwrapOk(await app.updateHotel.execute(hotel.id, { name: '  Hôtel Lutetia Rive Gauche ', amenities: ['wifi', 'bar'] }));
    expect(updated.toProps()).toEqual({ ...hotel.toProps(), name: 'Hôtel Lutetia Rive Gauche', amenities: ['bar', 'wifi'] });
    expect(unwrapOk(await app.getHotel.execute(hotel.id)).hotel.toProps()).toEqual(updated.toProps());
  });

  it('validates like CreateHotel, reporting every bad field, and changes nothing', async () => {
    const app = memoryApp();
    const { hotel } = await app.hotelWithRooms(2);
    const result = await app.updateHotel.execute(hotel.id, { name: ' ', countryCode: 'fr', overbookingPercent: 80, location: { latitude: 91, longitude: 0 } });
    expect(!result.ok && result.error.code === 'INVALID_ARGUMENT' && result.error.violations.map((v) => v.field).sort()).toEqual([
      'country_code',
      'latitude',
      'name',
      'overbooking_percent',
    ]);
    expect(unwrapOk(await app.getHotel.execute(hotel.id)).hotel.toProps()).toEqual(hotel.toProps());
  });

  it('is NOT_FOUND for an unknown hotel', async () => {
    const app = memoryApp();
    expect(await app.updateHotel.execute('htl_missing', { name: 'X' })).toEqual({ ok: false, error: { code: 'NOT_FOUND', resource: 'hotel', id: 'htl_missing' } });
  });

  it('refuses to lower the overbooking allowance below what is reserved, naming the nights', async () => {
    const app = memoryApp();
    // 5 rooms + 40% = 7 sellable; seven bookings fill 2030-06-01..03.
    const { hotel, roomType } = await app.hotelWithRooms(5, { hotel: { overbookingPercent: 40 } });
    const booked: string[] = [];
    for (let i = 0; i < 7; i++) booked.push(unwrapOk(await app.bookRoom.execute(aBooking(hotel.id, roomType.id))).reservation.id);
    // 30% sells floor(6.5) = 6 rooms: below the 7 reserved.
    const refused = await app.updateHotel.execute(hotel.id, { overbookingPercent: 30, name: 'Renamed' });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'INVENTORY_BELOW_RESERVED',
        nights: [
          { date: '2030-06-01', reserved: 7 },
          { date: '2030-06-02', reserved: 7 },
          { date: '2030-06-03', reserved: 7 },
        ],
      },
    });
    expect(unwrapOk(await app.getHotel.execute(hotel.id)).hotel.toProps()).toEqual(hotel.toProps());
    unwrapOk(await app.cancelReservation.execute(booked[0] as string, STAFF));
    expect(unwrapOk(await app.updateHotel.execute(hotel.id, { overbookingPercent: 20 })).overbookingPercent).toBe(20);
    expect(await app.updateHotel.execute(hotel.id, { overbookingPercent: 19 })).toMatchObject({ ok: false, error: { code: 'INVENTORY_BELOW_RESERVED' } });
  });
});

describe('DeleteHotel', () => {
  it('is refused while confirmed stays are to come, naming how many, and changes nothing', async () => {
    const app = memoryApp();
    const { hotel, roomType } = await app.hotelWithRooms(5);
    unwrapOk(await app.bookRoom.execute(aBooking(hotel.id, roomType.id)));
    unwrapOk(await app.bookRoom.execute(aBooking(hotel.id, roomType.id, { checkIn: '2030-07-01', checkOut: '2030-07-02' })));
    expect(await app.deleteHotel.execute(hotel.id)).toEqual({
      ok: false,
      error: { code: 'HAS_FUTURE_RESERVATIONS', resource: 'hotel', id: hotel.id, count: 2 },
    });
    expect(unwrapOk(await app.getHotel.execute(hotel.id)).hotel.status).toBe('ACTIVE');
    expect(unwrapOk(await searchParis(app)).map((o) => o.hotel.id)).toEqual([hotel.id]);
  });

  it('counts cancelled, past and lapsed-hold stays out, and a live hold in', async () => {
    const app = memoryApp();
    const { hotel, roomType } = await app.hotelWithRooms(5);
    const cancelled = unwrapOk(await app.bookRoom.execute(aBooking(hotel.id, roomType.id)));
    unwrapOk(await app.cancelReservation.execute(cancelled.reservation.id, STAFF));
    // Ends 2030-01-03: past once the hotel's today is 2030-01-03.
    unwrapOk(await app.bookRoom.execute(aBooking(hotel.id, roomType.id, { checkIn: '2030-01-02', checkOut: '2030-01-03' })));
    const hold = () => ({ ...aBooking(hotel.id, roomType.id, { checkIn: '2030-08-01', checkOut: '2030-08-02' }), holdMinutes: 15 });
    unwrapOk(await app.holdReservation.execute(hold())); // lapses long before the checks below

    app.clock.set(new Date('2030-01-03T10:00:00Z')); // 11:00 in Paris: the short stay has ended.
    expect(unwrapOk(await app.listHotelReservations.execute({ hotelId: hotel.id, stayFrom: '', stayTo: '', statuses: ['HELD'], pageSize: 0, pageToken: '' })).reservations).toHaveLength(1);
    unwrapOk(await app.holdReservation.execute(hold()));
    expect(await app.deleteHotel.execute(hotel.id)).toMatchObject({ ok: false, error: { code: 'HAS_FUTURE_RESERVATIONS', count: 1 } });
    app.clock.advanceMillis(15 * 60_000); // the second hold lapses too (neither is swept yet)
    expect(unwrapOk(await app.deleteHotel.execute(hotel.id)).status).toBe('INACTIVE');
  });

  it('checks the stay end against the hotel’s own today, not UTC', async () => {
    const app = memoryApp();
    const paris = await app.hotelWithRooms(5);
    const tokyo = await app.hotelWithRooms(5, { hotel: { name: 'Tokyo Inn', city: 'Tokyo', countryCode: 'JP', timeZone: 'Asia/Tokyo', currency: 'JPY', location: { latitude: 35.68, longitude: 139.76 } } });
    for (const h of [paris, tokyo]) unwrapOk(await app.bookRoom.execute(aBooking(h.hotel.id, h.roomType.id, { checkIn: '2030-01-02', checkOut: '2030-01-03' })));
    app.clock.set(new Date('2030-01-02T16:30:00Z')); // 17:30 on 01-02 in Paris, already 01:30 on 01-03 in Tokyo
    expect(await app.deleteHotel.execute(paris.hotel.id)).toMatchObject({ ok: false, error: { count: 1 } });
    expect(unwrapOk(await app.deleteHotel.execute(tokyo.hotel.id)).status).toBe('INACTIVE');
  });

  it('deactivates: gone from search and booking at once, history kept, and a second delete changes nothing', async () => {
    const app = memoryApp();
    const { hotel, roomType } = await app.hotelWithRooms(5);
    const booking = unwrapOk(await app.bookRoom.execute(aBooking(hotel.id, roomType.id)));
    unwrapOk(await app.cancelReservation.execute(booking.reservation.id, STAFF));

    const deleted = unwrapOk(await app.deleteHotel.execute(hotel.id));
    expect(deleted.toProps()).toEqual({ ...hotel.toProps(), status: 'INACTIVE' });
    expect(unwrapOk(await searchParis(app))).toEqual([]);
    expect(await app.bookRoom.execute(aBooking(hotel.id, roomType.id))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', resource: 'hotel' } });
    expect(unwrapOk(await app.getReservation.execute(booking.reservation.id, STAFF)).status).toBe('CANCELLED');
    const details = unwrapOk(await app.getHotel.execute(hotel.id));
    expect([details.hotel.status, details.roomTypes.map((rt) => rt.id)]).toEqual(['INACTIVE', [roomType.id]]);
    expect(unwrapOk(await app.deleteHotel.execute(hotel.id)).status).toBe('INACTIVE');
    expect(await app.updateHotel.execute(hotel.id, { name: 'Back' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await app.createRoomType.execute({ hotelId: hotel.id, name: 'Suite', maxGuests: 2, amenities: [] })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', resource: 'hotel' },
    });
  });
});

describe('UpdateRoomType and DeleteRoomType', () => {
  it('updates the fields given, validated like a new room type', async () => {
    const app = memoryApp();
    const { hotel, roomType } = await app.hotelWithRooms(2);
    const updated = unwrapOk(await app.updateRoomType.execute(hotel.id, roomType.id, { maxGuests: 4, amenities: ['minibar'] }));
    expect(updated.toProps()).toEqual({ ...roomType.toProps(), maxGuests: 4, amenities: ['minibar'] });
    const bad = await app.updateRoomType.execute(hotel.id, roomType.id, { name: '', maxGuests: 21 });
    expect(!bad.ok && bad.error.code === 'INVALID_ARGUMENT' && bad.error.violations.map((v) => v.field)).toEqual(['name', 'max_guests']);
    expect(await app.updateRoomType.execute('htl_other', roomType.id, { name: 'X' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', resource: 'hotel' } });
    expect(await app.updateRoomType.execute(hotel.id, 'rt_missing', { name: 'X' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', resource: 'room_type' } });
  });

  it('refuses to delete a room type with stays to come (its own only), then deactivates it', async () => {
    const app = memoryApp();
    const { hotel, roomType } = await app.hotelWithRooms(3);
    const suite = unwrapOk(await app.createRoomType.execute({ hotelId: hotel.id, name: 'Suite', maxGuests: 2, amenities: [] }));
    unwrapOk(await app.setInventory.execute({ hotelId: hotel.id, roomTypeId: suite.id, from: '2030-01-01', to: '2031-01-01', totalRooms: 1, nightlyPriceMinor: 30_000 }));
    const onDouble = unwrapOk(await app.bookRoom.execute(aBooking(hotel.id, roomType.id)));
    unwrapOk(await app.bookRoom.execute(aBooking(hotel.id, roomType.id, { checkIn: '2030-09-01', checkOut: '2030-09-03' })));

    expect(await app.deleteRoomType.execute(hotel.id, roomType.id)).toEqual({
      ok: false,
      error: { code: 'HAS_FUTURE_RESERVATIONS', resource: 'room_type', id: roomType.id, count: 2 },
    });
    const deleted = unwrapOk(await app.deleteRoomType.execute(hotel.id, suite.id));
    expect(deleted.toProps()).toEqual({ ...suite.toProps(), active: false });

    // The hotel stays searchable with its other room type only; the deleted one cannot be booked or changed.
    const offers = unwrapOk(await searchParis(app));
    expect(offers.map((o) => o.rooms.map((r) => r.roomType.id))).toEqual([[roomType.id]]);
    expect(await app.bookRoom.execute(aBooking(hotel.id, suite.id))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', resource: 'room_type' } });
    expect(await app.updateRoomType.execute(hotel.id, suite.id, { name: 'Back' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(unwrapOk(await app.getHotel.execute(hotel.id)).roomTypes.map((rt) => [rt.id, rt.active])).toEqual([
      [roomType.id, true],
      [suite.id, false],
    ]);
    expect(unwrapOk(await app.getReservation.execute(onDouble.reservation.id, STAFF)).roomTypeId).toBe(roomType.id);
  });
});

describe('ListHotels', () => {
  async function hotels(app: ReturnType<typeof memoryApp>, n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push(unwrapOk(await app.createHotel.execute(aHotel({ name: `Hotel ${i}` }))).id);
    return ids.sort();
  }

  it('walks every hotel once, in id order, page by page', async () => {
    const app = memoryApp();
    const ids = await hotels(app, 5);
    const pages: string[][] = [];
    let token = '';
    do {
      const page = unwrapOk(await app.listHotels.execute({ scope: { kind: 'all' }, includeInactive: false, pageSize: 2, pageToken: token }));
      pages.push(page.hotels.map((h) => h.id));
      token = page.nextPageToken;
    } while (token !== '');
    expect(pages).toEqual([ids.slice(0, 2), ids.slice(2, 4), ids.slice(4)]);
  });

  it('leaves deleted hotels out unless asked for them', async () => {
    const app = memoryApp();
    const ids = await hotels(app, 3);
    unwrapOk(await app.deleteHotel.execute(ids[1] as string));
    const list = async (includeInactive: boolean) =>
      unwrapOk(await app.listHotels.execute({ scope: { kind: 'all' }, includeInactive, pageSize: 0, pageToken: '' })).hotels.map((h) => [h.id, h.status]);
    expect(await list(false)).toEqual([
      [ids[0], 'ACTIVE'],
      [ids[2], 'ACTIVE'],
    ]);
    expect(await list(true)).toEqual([
      [ids[0], 'ACTIVE'],
      [ids[1], 'INACTIVE'],
      [ids[2], 'ACTIVE'],
    ]);
  });

  it('refuses a tampered token, a token of other filters and a bad page size, on their fields', async () => {
    const app = memoryApp();
    await hotels(app, 3);
    const first = unwrapOk(await app.listHotels.execute({ scope: { kind: 'all' }, includeInactive: false, pageSize: 1, pageToken: '' }));
    const [payload, mac] = first.nextPageToken.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify(['htl_000000'])).toString('base64url');
    for (const [pageToken, includeInactive] of [
      [`${forged}.${mac}`, false],
      [`${payload}.${mac.slice(0, -2)}`, false],
      ['not-a-token', false],
      [first.nextPageToken, true],
    ] as const) {
      const result = await app.listHotels.execute({ scope: { kind: 'all' }, includeInactive, pageSize: 1, pageToken });
      expect(!result.ok && result.error.violations.map((v) => v.field)).toEqual(['page_token']);
    }
    const tooBig = await app.listHotels.execute({ scope: { kind: 'all' }, includeInactive: false, pageSize: 101, pageToken: '' });
    expect(!tooBig.ok && tooBig.error.violations.map((v) => v.field)).toEqual(['page_size']);
  });
});

describe('ListHotelReservations', () => {
  async function hotelWithStays() {
    const app = memoryApp();
    const { hotel, roomType } = await app.hotelWithRooms(10);
    const book = async (checkIn: string, checkOut: string) =>
      unwrapOk(await app.bookRoom.execute(aBooking(hotel.id, roomType.id, { checkIn, checkOut }))).reservation.id;
    const march = await book('2030-03-01', '2030-03-05');
    const april = await book('2030-04-10', '2030-04-12');
    const aprilToo = await book('2030-04-10', '2030-04-11');
    const may = await book('2030-05-01', '2030-05-02');
    unwrapOk(await app.cancelReservation.execute(aprilToo, STAFF));
    return { app, hotelId: hotel.id, march, april, aprilToo, may };
  }
  const query = (hotelId: string, over: object = {}) => ({ hotelId, stayFrom: '', stayTo: '', statuses: [], pageSize: 0, pageToken: '', ...over });

  it('lists by arrival then id, filtered by stays overlapping the dates and by status', async () => {
    const { app, hotelId, march, april, aprilToo, may } = await hotelWithStays();
    const ids = async (over: object) => unwrapOk(await app.listHotelReservations.execute(query(hotelId, over))).reservations.map((r) => r.id);
    expect(await ids({})).toEqual([march, ...[april, aprilToo].sort(), may]);
    // A stay overlaps [from, to) when it has a night in it: 03-01..05 has 03-04, 05-01..02 starts at `to`.
    expect(await ids({ stayFrom: '2030-03-04', stayTo: '2030-05-01' })).toEqual([march, ...[april, aprilToo].sort()]);
    expect(await ids({ stayFrom: '2030-03-05', stayTo: '2030-04-11' })).toEqual([april, aprilToo].sort());
    expect(await ids({ statuses: ['CANCELLED'] })).toEqual([aprilToo]);
    expect(await ids({ statuses: ['CONFIRMED'], stayFrom: '2030-04-01' })).toEqual([april, may]);
  });

  it('pages with tokens bound to the filters, and refuses tampered ones', async () => {
    const { app, hotelId, march, april, aprilToo, may } = await hotelWithStays();
    const walked: string[][] = [];
    let token = '';
    do {
      const page = unwrapOk(await app.listHotelReservations.execute(query(hotelId, { pageSize: 2, pageToken: token, stayFrom: '2030-01-01' })));
      walked.push(page.reservations.map((r) => r.id));
      token = page.nextPageToken;
    } while (token !== '');
    expect(walked).toEqual([[march, [april, aprilToo].sort()[0]], [[april, aprilToo].sort()[1], may]]);

    const second = unwrapOk(await app.listHotelReservations.execute(query(hotelId, { pageSize: 1 }))).nextPageToken;
    const [payload, mac] = second.split('.') as [string, string];
    const moved = Buffer.from(JSON.stringify(['2030-04-10', may])).toString('base64url');
    for (const over of [{ pageToken: `${moved}.${mac}` }, { pageToken: `${payload}x.${mac}` }, { pageToken: second, statuses: ['CONFIRMED'] }, { pageToken: second, stayTo: '2031-01-01' }]) {
      const result = await app.listHotelReservations.execute(query(hotelId, { pageSize: 1, ...over }));
      expect(!result.ok && result.error.code === 'INVALID_ARGUMENT' && result.error.violations.map((v) => v.field)).toEqual(['page_token']);
    }
  });

  it('rejects bad dates, and is NOT_FOUND for an unknown hotel, but lists a deleted hotel’s history', async () => {
    const { app, hotelId, march, april, aprilToo, may } = await hotelWithStays();
    const bad = await app.listHotelReservations.execute(query(hotelId, { stayFrom: '2030-02-30', stayTo: '2030-01-01' }));
    expect(!bad.ok && bad.error.code === 'INVALID_ARGUMENT' && bad.error.violations.map((v) => v.field)).toEqual(['stay_from']);
    const reversed = await app.listHotelReservations.execute(query(hotelId, { stayFrom: '2030-02-01', stayTo: '2030-01-01' }));
    expect(!reversed.ok && reversed.error.code === 'INVALID_ARGUMENT' && reversed.error.violations.map((v) => v.field)).toEqual(['stay_to']);
    expect(await app.listHotelReservations.execute(query('htl_missing'))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    for (const id of [march, april, may]) unwrapOk(await app.cancelReservation.execute(id, STAFF));
    unwrapOk(await app.deleteHotel.execute(hotelId));
    const history = unwrapOk(await app.listHotelReservations.execute(query(hotelId)));
    expect(history.reservations.map((r) => r.status)).toEqual(['CANCELLED', 'CANCELLED', 'CANCELLED', 'CANCELLED']);
    expect(history.reservations.map((r) => r.id)).toContain(aprilToo);
  });
});
