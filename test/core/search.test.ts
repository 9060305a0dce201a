import { describe, expect, it } from 'vitest';
import { aBooking } from '../support/builders.js';
import { memoryApp, unwrapOk } from '../support/memory-app.js';

const query = { checkIn: '2030-06-01', checkOut: '2030-06-03', guests: 2, amenities: [], pageSize: 0 };

describe('SearchAvailability', () => {
  it('finds hotels in a city with the stay price and hides sold-out room types', async () => {
    const app = memoryApp();
    const open = await app.hotelWithRooms(2, { priceMinor: 9_000, hotel: { name: 'A Open' } });
    const full = await app.hotelWithRooms(1, { hotel: { name: 'B Full' } });
    unwrapOk(await app.bookRoom.execute(aBooking(full.hotel.id, full.roomType.id, { checkIn: '2030-06-02', checkOut: '2030-06-03' })));
    await app.hotelWithRooms(2, { hotel: { name: 'Elsewhere', city: 'Lyon' } });

    const offers = unwrapOk(await app.search.execute({ ...query, area: { kind: 'city', city: 'paris' } }));
    expect(offers.map((o) => o.hotel.id)).toEqual([open.hotel.id]);
    expect(offers[0]?.rooms[0]?.totalPrice.amountMinor).toBe(18_000);
    expect(offers[0]?.rooms[0]?.roomsAvailable).toBe(2);
  });

  it('searches a circle nearest first, with amenities all required and room capacity', async () => {
    const app = memoryApp();
    const near = await app.hotelWithRooms(1, { hotel: { name: 'Near', location: { latitude: 48.86, longitude: 2.35 }, amenities: ['pool', 'wifi'] } });
    const far = await app.hotelWithRooms(1, { hotel: { name: 'Far', location: { latitude: 48.9, longitude: 2.5 }, amenities: ['pool', 'wifi'] } });
    await app.hotelWithRooms(1, { hotel: { name: 'No pool', location: { latitude: 48.86, longitude: 2.35 }, amenities: ['wifi'] } });
    await app.hotelWithRooms(1, { hotel: { name: 'Too far', location: { latitude: 45.76, longitude: 4.84 }, amenities: ['pool', 'wifi'] } });

    const area = { kind: 'circle' as const, center: { latitude: 48.8566, longitude: 2.3522 }, radiusKm: 25 };
    const offers = unwrapOk(await app.search.execute({ ...query, area, amenities: ['pool'] }));
    expect(offers.map((o) => o.hotel.id)).toEqual([near.hotel.id, far.hotel.id]);
    expect(offers[0]!.distanceKm).toBeLessThan(offers[1]!.distanceKm);
    expect(unwrapOk(await app.search.execute({ ...query, area, guests: 4 }))).toEqual([]);
  });

  it.each([
    [{ area: { kind: 'circle' as const, center: { latitude: 48, longitude: 2 }, radiusKm: 0 } }, 'near.radius_km'],
    [{ area: { kind: 'circle' as const, center: { latitude: 48, longitude: 2 }, radiusKm: 501 } }, 'near.radius_km'],
    [{ area: { kind: 'circle' as const, center: { latitude: 91, longitude: 2 }, radiusKm: 5 } }, 'near'],
    [{ guests: 0 }, 'guests'],
    [{ guests: 21 }, 'guests'],
    [{ checkIn: '2030-06-03', checkOut: '2030-06-01' }, 'check_out'],
  ])('refuses %j on %s', async (overrides, field) => {
    const app = memoryApp();
    const result = await app.search.execute({ ...query, area: { kind: 'city', city: 'Paris' }, ...overrides });
    expect(!result.ok && result.error.violations.map((v) => v.field)).toContain(field);
  });
});
