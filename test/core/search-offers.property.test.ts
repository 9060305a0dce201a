import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HmacPageTokens } from '../../src/adapters/system/hmac-page-tokens.js';
import { Hotel } from '../../src/core/hotel/hotel.js';
import { RoomType } from '../../src/core/hotel/room-type.js';
import { availableRooms, type InventoryNight } from '../../src/core/inventory/inventory-night.js';
import { checkRestrictions, NO_RESTRICTIONS } from '../../src/core/inventory/restrictions.js';
import { Money } from '../../src/core/money/money.js';
import { SearchAvailability } from '../../src/core/search/search-availability.js';
import type { Result } from '../../src/core/shared/result.js';
import { CalendarDate } from '../../src/core/time/calendar-date.js';
import { DateRange } from '../../src/core/time/date-range.js';
import type { AvailabilityReader } from '../../src/ports/availability-reader.js';
import type { HotelSearch } from '../../src/ports/hotel-search.js';
import { aHotel } from '../support/builders.js';
import { FakeClock } from '../support/clock.js';

function value<T>(result: Result<T, unknown>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

const CHECK_IN = '2030-06-10';
const NIGHT_DATES = ['2030-06-10', '2030-06-11', '2030-06-12', '2030-06-13'].map((d) => CalendarDate.parse(d)!);

/** A room type's rows: each of up to 3 nights and the departure day present or not, with its own counts, price and sell rules. */
const nightsOf = fc.array(
  fc.record({
    present: fc.boolean(),
    totalRooms: fc.integer({ min: 0, max: 8 }),
    reserved: fc.integer({ min: 0, max: 10 }),
    priceMinor: fc.integer({ min: 0, max: 1_000_000 }),
    stopSell: fc.boolean(),
    closedToArrival: fc.boolean(),
    closedToDeparture: fc.boolean(),
    minStay: fc.option(fc.integer({ min: 1, max: 5 })),
  }),
  { minLength: 4, maxLength: 4 },
);

describe('SearchAvailability offers, any inventory', () => {
  it("offers exactly the room types with every night present, no refusing restriction (the departure day's included) and a room left on every night, at the sum of the nights", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(nightsOf, { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 3 }), async (roomTypes, overbookingPercent, nightCount) => {
        const hotel = value(Hotel.create('htl_p', aHotel({ overbookingPercent, currency: 'EUR' })));
        const types = roomTypes.map((_, i) => value(RoomType.create(`rt_${i}`, { hotelId: hotel.id, name: `Room ${i}`, maxGuests: 2, amenities: [] })));
        const stay = DateRange.of(NIGHT_DATES[0]!, NIGHT_DATES[0]!.addDays(nightCount))!;
        const inventory: InventoryNight[] = roomTypes.flatMap((nights, i) =>
          // The nights of the stay and the departure day's row, as the reader answers them.
          nights.slice(0, nightCount + 1).flatMap((n, d) =>
            n.present
              ? [{ hotelId: hotel.id, roomTypeId: `rt_${i}`, date: NIGHT_DATES[d]!, totalRooms: n.totalRooms, reserved: n.reserved, price: Money.of(n.priceMinor, 'EUR'), restrictions: { ...NO_RESTRICTIONS, stopSell: n.stopSell, closedToArrival: n.closedToArrival, closedToDeparture: n.closedToDeparture, minStay: n.minStay } }]
              : [],
          ),
        );
        const hotels: HotelSearch = { findCandidates: async () => [{ hotel, distanceKm: 0, roomTypes: types, score: 0 }] } as unknown as HotelSearch;
        const availability: AvailabilityReader = { nightsByRoomType: async (refs) => refs.map((r) => inventory.filter((n) => n.hotelId === r.hotelId && n.roomTypeId === r.roomTypeId).reverse()) };
        const search = new SearchAvailability({ hotels, availability, clock: new FakeClock(new Date('2030-01-01T00:00:00Z')), pageTokens: new HmacPageTokens(Buffer.from('property test key')) });

        const offers = value(await search.execute({ area: { kind: 'city', city: 'Paris' }, checkIn: CHECK_IN, checkOut: stay.checkOut.toString(), guests: 2, amenities: [], pageSize: 0 }));

        // The rules night by night, as a reader would state them.
        const expected = types.flatMap((roomType) => {
          const rows = inventory.filter((n) => n.roomTypeId === roomType.id);
          const nights = rows.filter((n) => n.date.isBefore(stay.checkOut));
          if (nights.length < nightCount || checkRestrictions(stay, rows)) return [];
          const left = Math.min(...nights.map((n) => availableRooms(n, overbookingPercent)));
          return left > 0 ? [{ roomType: roomType.id, left, total: nights.reduce((sum, n) => sum + n.price.amountMinor, 0) }] : [];
        });
        const got = (offers[0]?.rooms ?? []).map((r) => ({ roomType: r.roomType.id, left: r.roomsAvailable, total: r.totalPrice.amountMinor }));
        expect(got).toEqual(expected);
        for (const r of offers[0]?.rooms ?? []) expect(r.totalPrice.currency).toBe('EUR');
      }),
      { numRuns: 300 },
    );
  });
});
