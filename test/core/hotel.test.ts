import { describe, expect, it } from 'vitest';
import { Hotel } from '../../src/core/hotel/hotel.js';
import { RoomType } from '../../src/core/hotel/room-type.js';
import { dateInZone, isValidTimeZone } from '../../src/core/time/time-zone.js';
import { aHotel } from '../support/builders.js';

describe('Hotel.create', () => {
  it('accepts a valid hotel and sorts its amenities', () => {
    const hotel = Hotel.create('h1', aHotel({ amenities: ['wifi', 'bar'] }));
    expect(hotel.ok && hotel.value.amenities).toEqual(['bar', 'wifi']);
  });

  it('reports every bad field at once with proto field names', () => {
    const hotel = Hotel.create(
      'h1',
      aHotel({
        name: ' ',
        countryCode: 'France',
        location: { latitude: 91, longitude: -181 },
        timeZone: 'Mars/Olympus',
        currency: 'euro',
        amenities: ['Wi-Fi', 'spa', 'spa'],
        overbookingPercent: 51,
      }),
    );
    expect(hotel.ok).toBe(false);
    if (!hotel.ok) {
      expect(hotel.error.violations.map((v) => v.field).sort()).toEqual(
        ['amenities', 'amenities[0]', 'country_code', 'currency_code', 'latitude', 'longitude', 'name', 'overbooking_percent', 'time_zone'].sort(),
      );
    }
  });
});

describe('RoomType.create', () => {
  it.each([0, 21, 2.5])('refuses max_guests %s', (maxGuests) => {
    const rt = RoomType.create('rt', { hotelId: 'h', name: 'Double', maxGuests, amenities: [] });
    expect(!rt.ok && rt.error.violations[0]?.field).toBe('max_guests');
  });
});

describe('time zones', () => {
  it('gives the hotel its own today', () => {
    const instant = new Date('2030-01-01T23:30:00Z');
    expect(dateInZone(instant, 'UTC').toString()).toBe('2030-01-01');
    expect(dateInZone(instant, 'Asia/Tokyo').toString()).toBe('2030-01-02');
    expect(dateInZone(instant, 'America/Los_Angeles').toString()).toBe('2030-01-01');
    expect(dateInZone(new Date('2030-01-01T05:00:00Z'), 'America/Los_Angeles').toString()).toBe('2029-12-31');
  });

  it('knows IANA names only', () => {
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('Nowhere/Land')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});
