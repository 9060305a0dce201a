import { create, equals, fromBinary, toBinary } from '@bufbuild/protobuf';
import { WireType } from '@bufbuild/protobuf/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerCodec, EncodedOffers, searchAnswer } from '../../../src/adapters/rpc/services/search-answer.js';
import { Hotel } from '../../../src/core/hotel/hotel.js';
import { RoomType } from '../../../src/core/hotel/room-type.js';
import { Money } from '../../../src/core/money/money.js';
import type { SearchPage } from '../../../src/core/search/search-availability.js';
import { SearchAvailabilityResponseSchema } from '../../../src/gen/hotel/v1/search_service_pb.js';
import type { Result } from '../../../src/core/shared/result.js';
import { aHotel } from '../../support/builders.js';

function value<T>(result: Result<T, unknown>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

const hotel = (id: string, name: string) => value(Hotel.create(id, aHotel({ name, amenities: ['wifi', 'spa', 'pool'] })));
const roomType = (hotelId: string, id: string, name: string) => value(RoomType.create(id, { hotelId, name, maxGuests: 3, amenities: ['desk', 'tv'] }));

function pageOf(hotels: Hotel[]): SearchPage {
  return {
    nextPageToken: 'next.token',
    offers: hotels.map((h, i) => ({
      hotel: h,
      distanceKm: 1.23456 * i,
      rooms: [roomType(h.id, `rt_${i}_a`, 'Double'), roomType(h.id, `rt_${i}_b`, 'Suite')].map((rt, j) => ({ roomType: rt, roomsAvailable: 3 + j, totalPrice: Money.of(12_345 * (j + 1), 'EUR') })),
    })),
  };
}

/** What a client decodes from the bytes a binary codec sends. */
const overTheWire = (page: SearchPage) => fromBinary(SearchAvailabilityResponseSchema, toBinary(SearchAvailabilityResponseSchema, searchAnswer(page, 'binary')));

describe('the SearchAvailability answer', () => {
  it('decodes from its binary form to the same message as the normal one, every hotel and room type in place', () => {
    const page = pageOf([hotel('htl_1', 'Lutetia'), hotel('htl_2', 'Ritz'), hotel('htl_3', 'Crillon')]);
    const normal = searchAnswer(page, 'json');
    const decoded = overTheWire(page);
    expect(equals(SearchAvailabilityResponseSchema, decoded, normal)).toBe(true);
    expect(decoded.hotels.map((h) => [h.hotel?.name, h.roomTypes.map((r) => r.roomType?.name)])).toEqual([
      ['Lutetia', ['Double', 'Suite']],
      ['Ritz', ['Double', 'Suite']],
      ['Crillon', ['Double', 'Suite']],
    ]);
    // Nothing is left over as an unknown field once decoded with the schema.
    expect(decoded.hotels[0]?.$unknown ?? []).toEqual([]);
    expect(decoded.hotels[0]?.hotel?.amenities).toEqual(['pool', 'spa', 'wifi']);
  });

  it('carries a hotel changed since an earlier answer with its new values (a change is a new object)', () => {
    const before = hotel('htl_9', 'Old name');
    expect(overTheWire(pageOf([before])).hotels[0]?.hotel?.name).toBe('Old name');
    const after = value(before.update({ name: 'New name' }));
    expect(overTheWire(pageOf([after])).hotels[0]?.hotel?.name).toBe('New name');
    expect(overTheWire(pageOf([before])).hotels[0]?.hotel?.name).toBe('Old name');
  });

  it('carries the rooms left, the price and a changed room type of each answer, though the same hotel was encoded before', () => {
    const h = hotel('htl_8', 'Meurice');
    const double = roomType(h.id, 'rt_8_a', 'Double');
    const offer = (rt: RoomType, left: number, minor: number, km = 0) => ({ nextPageToken: '', offers: [{ hotel: h, distanceKm: km, rooms: [{ roomType: rt, roomsAvailable: left, totalPrice: Money.of(minor, 'EUR') }] }] });
    const seen = (page: SearchPage) => overTheWire(page).hotels.map((a) => [a.distanceKm, a.roomTypes.map((r) => [r.roomType?.name, r.roomsAvailable, r.totalPrice?.amountMinor])]);
    expect(seen(offer(double, 4, 20_000))).toEqual([[0, [['Double', 4, 20_000n]]]]);
    expect(seen(offer(double, 3, 20_000))).toEqual([[0, [['Double', 3, 20_000n]]]]);
    expect(seen(offer(double, 3, 18_000, 2.5))).toEqual([[2.5, [['Double', 3, 18_000n]]]]);
    expect(seen(offer(double, 3, 18_000, 2.5))).toEqual([[2.5, [['Double', 3, 18_000n]]]]);
    expect(seen(offer(double, 3, 18_000, 7))).toEqual([[7, [['Double', 3, 18_000n]]]]);
    expect(seen(offer(double, 3, 18_000))).toEqual([[0, [['Double', 3, 18_000n]]]]);
    const renamed = value(double.update({ name: 'Grand Double' }));
    expect(seen(offer(renamed, 3, 18_000))).toEqual([[0, [['Grand Double', 3, 18_000n]]]]);
    expect(seen(offer(double, 4, 20_000, 1))).toEqual([[1, [['Double', 4, 20_000n]]]]);
  });

  it('writes a length prefix of three bytes for a hotel whose answer is longer than 16 KiB', () => {
    const h = hotel('htl_7', 'Plaza');
    const many = Array.from({ length: 300 }, (_, i) => ({ roomType: roomType(h.id, `rt_7_${i}`, `Room with a rather long name number ${i}`), roomsAvailable: i, totalPrice: Money.of(i * 100, 'EUR') }));
    const page: SearchPage = { nextPageToken: '', offers: [{ hotel: h, distanceKm: 3.25, rooms: many }] };
    const bytes = toBinary(SearchAvailabilityResponseSchema, searchAnswer(page, 'binary'));
    expect(bytes.length).toBeGreaterThan(16_384);
    expect(equals(SearchAvailabilityResponseSchema, fromBinary(SearchAvailabilityResponseSchema, bytes), searchAnswer(page, 'json'))).toBe(true);
  });

  it('is binary for the proto codecs of gRPC, gRPC-Web and Connect, and normal for anything else', () => {
    for (const type of ['application/grpc', 'application/grpc+proto', 'application/grpc-web+proto', 'application/grpc-web', 'application/proto', 'application/connect+proto', 'Application/Proto; charset=utf-8']) {
      expect([type, answerCodec(type)]).toEqual([type, 'binary']);
    }
    for (const type of ['application/json', 'application/grpc+json', 'application/grpc-web+json', 'application/connect+json', '', null]) {
      expect([type, answerCodec(type)]).toEqual([type, 'json']);
    }
  });
});

describe('the SearchAvailability answer, any page', () => {
  const cached = [hotel('htl_a', 'A'), hotel('htl_b', 'Bee'), hotel('htl_c', 'Hôtel Cé')];
  const rooms = cached.map((h, i) => [roomType(h.id, `rt_${i}_x`, 'Double'), roomType(h.id, `rt_${i}_y`, 'Chambre à deux')]);
  it('decodes from its binary form to the same message as the normal one (zero distances, rooms and prices included)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            at: fc.integer({ min: 0, max: 2 }),
            km: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 500, noNaN: true })),
            rooms: fc.array(fc.record({ which: fc.integer({ min: 0, max: 1 }), left: fc.integer({ min: 0, max: 5000 }), minor: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })), currency: fc.constantFrom('EUR', 'JPY', 'USD') }), { maxLength: 4 }),
          }),
          { maxLength: 25 },
        ),
        fc.string({ maxLength: 40 }),
        (offers, token) => {
          const page: SearchPage = {
            nextPageToken: token,
            offers: offers.map((o) => ({
              hotel: cached[o.at]!,
              distanceKm: o.km,
              rooms: o.rooms.map((r) => ({ roomType: rooms[o.at]![r.which]!, roomsAvailable: r.left, totalPrice: Money.of(r.minor, r.currency) })),
            })),
          };
          expect(equals(SearchAvailabilityResponseSchema, overTheWire(page), searchAnswer(page, 'json'))).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('EncodedOffers, the encoded offers a process keeps', () => {
  const h = hotel('htl_e', 'Bristol');
  const rt = roomType(h.id, 'rt_e', 'Double');
  const offerAt = (hotelOf: Hotel, left: number, km = 0) => ({ hotel: hotelOf, distanceKm: km, rooms: [{ roomType: rt, roomsAvailable: left, totalPrice: Money.of(10_000, 'EUR') }] });

  it('counts the bytes it holds: offers past the per-hotel limit are forgotten, a framed distance is added', () => {
    const offers = new EncodedOffers(Number.MAX_SAFE_INTEGER, 2);
    const [a, b, c] = [offerAt(h, 1), offerAt(h, 2), offerAt(h, 3)];
    offers.data(a);
    const [bBytes, cBytes] = [offers.data(b).length, offers.data(c).length];
    expect(offers.bytes).toBe(bBytes + cBytes);
    const far = offers.data(offerAt(h, 3, 5));
    expect(far.length).toBe(cBytes + 9);
    expect(offers.bytes).toBe(bBytes + cBytes + far.length);
    // Another distance replaces the one kept.
    const farther = offers.data(offerAt(h, 3, 7.5));
    expect(offers.bytes).toBe(bBytes + cBytes + farther.length);
  });

  it('stays within its bytes (plus the hotel being served) by forgetting the hotels kept longest, and still answers right', () => {
    const offers = new EncodedOffers(2_000, 4);
    const hotels = Array.from({ length: 40 }, (_, i) => hotel(`htl_m${i}`, `Hotel ${i}`));
    let largestHotel = 0;
    for (const [i, each] of hotels.entries()) {
      let ofThis = 0;
      for (let left = 1; left <= 6; left++) {
        const offer = offerAt(each, left, i % 2 === 0 ? 0 : left);
        const data = offers.data(offer);
        ofThis = Math.max(ofThis, data.length);
        const carrier = create(SearchAvailabilityResponseSchema, {});
        carrier.$unknown = [{ no: 1, wireType: WireType.LengthDelimited, data }];
        const decoded = fromBinary(SearchAvailabilityResponseSchema, toBinary(SearchAvailabilityResponseSchema, carrier));
        expect(decoded.hotels[0]?.distanceKm).toBe(i % 2 === 0 ? 0 : left);
        expect(decoded.hotels[0]?.hotel?.name).toBe(`Hotel ${i}`);
        expect(decoded.hotels[0]?.roomTypes[0]?.roomsAvailable).toBe(left);
        expect(offers.bytes).toBeLessThanOrEqual(2_000 + 4 * 2 * (ofThis + 9));
      }
      largestHotel = Math.max(largestHotel, ofThis);
    }
    expect(offers.bytes).toBeLessThanOrEqual(2_000 + 4 * 2 * (largestHotel + 9));
    expect(offers.bytes).toBeGreaterThan(0);
  });
});
