import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { Code, ConnectError, createClient } from '@connectrpc/connect';
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from '@connectrpc/connect-node';
import { toJson } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { BadRequestSchema } from '../../src/gen/google/rpc/error_details_pb.js';
import { SearchAvailabilityResponseSchema, SearchService, SearchSort } from '../../src/gen/hotel/v1/search_service_pb.js';
import { bearer } from '../support/auth.js';
import { call, callError } from '../support/grpc-client.js';
import { detailOf, statusDetails } from '../support/grpc-status.js';
import { day, useTestServer } from '../support/e2e.js';

// Free text and the amenity vocabulary through the real server (Postgres search, as `npm start`).
const e2e = useTestServer({ broker: 'in-process' });

async function hotel(name: string, city: string, amenities: string[] = ['wifi']) {
  const { hotel: created } = await call(e2e.clients.admin, 'createHotel', {
    name, city, countryCode: 'FR', latitude: 45.76, longitude: 4.84, timeZone: 'Europe/Paris', currencyCode: 'EUR', amenities,
  });
  const { roomType } = await call(e2e.clients.admin, 'createRoomType', { hotelId: created.id, name: 'Double', maxGuests: 2, amenities: ['desk'] });
  await call(e2e.clients.admin, 'setInventory', { hotelId: created.id, roomTypeId: roomType.id, from: day(30), to: day(40), totalRooms: 2, nightlyPriceMinor: '9000' });
  return created.id as string;
}

describe('SearchAvailability with free text and amenities', () => {
  const search = () => createClient(SearchService, createConnectTransport({ baseUrl: e2e.server.url, httpVersion: '1.1', interceptors: [bearer(e2e.server.operatorToken)] }));

  it('finds hotels by words of their name, by relevance, and pages through them', async () => {
    const city = `Lyon ${randomUUID().slice(0, 8)}`;
    const exact = await hotel('Hôtel Lyon', city);
    const grand = await hotel('Grand Hotel Lyon Part-Dieu', city);
    await hotel('Auberge du Rhône', city);
    const request = { location: { case: 'city' as const, value: city }, checkIn: day(32), checkOut: day(34), guests: 2, query: 'hotel LYON' };
    const byName = await search().searchAvailability(request);
    expect(byName.hotels.map((h) => h.hotel?.id)).toEqual([grand, exact]);
    const first = await search().searchAvailability({ ...request, sort: SearchSort.RELEVANCE, pageSize: 1 });
    expect(first.hotels.map((h) => h.hotel?.id)).toEqual([exact]);
    const second = await search().searchAvailability({ ...request, sort: SearchSort.RELEVANCE, pageSize: 1, pageToken: first.nextPageToken });
    expect(second.hotels.map((h) => h.hotel?.id)).toEqual([grand]);
  });

  it('refuses an unknown amenity with a field violation naming it and listing the valid codes', async () => {
    const city = `Lyon ${randomUUID().slice(0, 8)}`;
    const error = await search()
      .searchAvailability({ location: { case: 'city', value: city }, checkIn: day(32), checkOut: day(34), guests: 2, amenities: ['wifi', 'jacuzzi'] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).code).toBe(Code.InvalidArgument);
    const [violation] = (error as ConnectError).findDetails(BadRequestSchema)[0]?.fieldViolations ?? [];
    expect(violation?.field).toBe('amenities[1]');
    expect(violation?.description).toMatch(/"jacuzzi" is not a known amenity; valid: .*\bspa\b.*\bwifi\b/);

    const refused = await callError(e2e.clients.admin, 'createHotel', {
      name: 'Typo', city, countryCode: 'FR', latitude: 45.76, longitude: 4.84, timeZone: 'Europe/Paris', currencyCode: 'EUR', amenities: ['wi_fi'],
    });
    expect(refused.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(detailOf(statusDetails(refused.metadata), BadRequestSchema)?.fieldViolations.map((v) => v.field)).toEqual(['amenities[0]']);
  });
});

describe('SearchAvailability over every protocol and codec', () => {
  it('answers the same hotels, room types, rooms left and prices to grpc-js, gRPC, gRPC-Web and Connect, binary or JSON', async () => {
    const city = `Nancy ${randomUUID().slice(0, 8)}`;
    const ids = [await hotel('Hôtel de la Reine', city, ['wifi', 'spa']), await hotel('Grand Hôtel', city, ['pool'])];
    const request = { location: { case: 'city' as const, value: city }, checkIn: day(32), checkOut: day(34), guests: 2 };
    const auth = [bearer(e2e.server.operatorToken)];
    const transports = {
      'gRPC (Connect client)': createGrpcTransport({ baseUrl: e2e.server.url, interceptors: auth }),
      'gRPC-Web binary': createGrpcWebTransport({ baseUrl: e2e.server.url, httpVersion: '1.1', useBinaryFormat: true, interceptors: auth }),
      'gRPC-Web JSON': createGrpcWebTransport({ baseUrl: e2e.server.url, httpVersion: '1.1', useBinaryFormat: false, interceptors: auth }),
      'Connect binary': createConnectTransport({ baseUrl: e2e.server.url, httpVersion: '1.1', useBinaryFormat: true, interceptors: auth }),
      'Connect JSON': createConnectTransport({ baseUrl: e2e.server.url, httpVersion: '1.1', useBinaryFormat: false, interceptors: auth }),
    };
    const seen: Record<string, unknown> = {};
    for (const [name, transport] of Object.entries(transports)) {
      const answer = await createClient(SearchService, transport).searchAvailability(request);
      seen[name] = toJson(SearchAvailabilityResponseSchema, answer);
    }
    // grpc-js decodes with protobufjs from the .proto files: another parser than the server's.
    const viaGrpcJs = await call<{ hotels: { hotel: { id: string; name: string; amenities: string[] }; roomTypes: { roomType: { id: string; name: string }; roomsAvailable: number; totalPrice: { amountMinor: string } }[] }[] }>(
      e2e.clients.search,
      'searchAvailability',
      { city, checkIn: request.checkIn, checkOut: request.checkOut, guests: 2 },
    );
    const reference = seen['Connect JSON'] as { hotels: { hotel: { id: string; name: string; amenities: string[] } }[] };
    expect(reference.hotels.map((h) => h.hotel.id).sort()).toEqual([...ids].sort());
    for (const [name, answer] of Object.entries(seen)) expect([name, answer]).toEqual([name, reference]);
    expect(viaGrpcJs.hotels.map((h) => [h.hotel.id, h.hotel.name, h.hotel.amenities, h.roomTypes.map((r) => [r.roomType.name, r.roomsAvailable, r.totalPrice.amountMinor])])).toEqual(
      reference.hotels.map((h) => {
        const full = h as unknown as { hotel: { id: string; name: string; amenities: string[] }; roomTypes: { roomType: { name: string }; roomsAvailable: number; totalPrice: { amountMinor: string } }[] };
        return [full.hotel.id, full.hotel.name, full.hotel.amenities, full.roomTypes.map((r) => [r.roomType.name, r.roomsAvailable, r.totalPrice.amountMinor])];
      }),
    );
  });
});
