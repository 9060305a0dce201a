import type { Principal } from '../../src/core/access/principal.js';
import type { NewHotel } from '../../src/core/hotel/hotel.js';
import type { BookRoomCommand } from '../../src/core/booking/book-room.js';

/** A valid hotel input; override what the test is about. */
export const aHotel = (overrides: Partial<NewHotel> = {}): NewHotel => ({
  name: 'Hotel Lutetia',
  city: 'Paris',
  countryCode: 'FR',
  location: { latitude: 48.8512, longitude: 2.3265 },
  timeZone: 'Europe/Paris',
  currency: 'EUR',
  amenities: ['wifi', 'spa'],
  overbookingPercent: 0,
  ...overrides,
});

let keySeq = 0;

/** A valid booking of `roomTypeId` at `hotelId`; override what the test is about. */
export const aBooking = (hotelId: string, roomTypeId: string, overrides: Partial<BookRoomCommand> = {}): BookRoomCommand => ({
  idempotencyScope: 'test',
  idempotencyKey: `key-${String(++keySeq).padStart(8, '0')}`,
  hotelId,
  roomTypeId,
  checkIn: '2030-06-01',
  checkOut: '2030-06-04',
  guests: 2,
  children: 0,
  ratePlanId: '',
  guestName: 'Ada Lovelace',
  guestEmail: 'ada@example.com',
  ...overrides,
});

/** Platform staff: may act on every reservation and hotel (core tests about something else than access). */
export const STAFF: Principal = { kind: 'operator', clientId: 'staff' };

/** An operator principal named `name`: changes it makes are recorded as by `operator:<name>`. */
export const actingAs = (name: string): Principal => ({ kind: 'operator', clientId: name });
