/* eslint-disable @typescript-eslint/no-explicit-any -- responses of the dynamically loaded grpc-js client */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BadRequestSchema } from '../../../src/gen/google/rpc/error_details_pb.js';
import { day } from '../../support/e2e.js';
import { createSellableHotel, eventually, searchCity, useElasticsearchApp } from '../../support/elasticsearch-app.js';
import { callError } from '../../support/grpc-client.js';
import { detailOf, statusDetails } from '../../support/grpc-status.js';

// The whole application with SEARCH_BACKEND=elasticsearch: hotels created over gRPC reach the index
// through the outbox (catalog events) and the indexer consumer, and SearchAvailability finds them.

const app = useElasticsearchApp('e2e');

describe('search on Elasticsearch, fed from the outbox', () => {
  it('finds a hotel created over gRPC once its room type and inventory exist, with the price from inventory', async () => {
    const city = `Indexville ${randomUUID().slice(0, 8)}`;
    const { hotelId, roomTypeId } = await createSellableHotel(app.clients, { name: 'Indexed Hotel', city, roomType: 'Family', maxGuests: 4 });

    const found = await eventually(async () => {
      const { hotels } = await searchCity(app.clients, city, 4);
      return hotels.length > 0 ? hotels : undefined;
    });
    expect(found.map((h) => h.hotel.id)).toEqual([hotelId]);
    expect(found[0].roomTypes.map((rt: any) => [rt.roomType.id, rt.roomsAvailable, rt.totalPrice.amountMinor])).toEqual([[roomTypeId, 2, '30000']]);
    // The document is the indexer's: straight from the index, with the room type nested.
    const [candidate] = await app.es.hotelSearch.findCandidates({ area: { kind: 'city', city }, amenities: ['wifi'], guests: 3, limit: 5 });
    expect(candidate?.roomTypes.map((rt) => rt.id)).toEqual([roomTypeId]);
  });

  it('answers bad input with INVALID_ARGUMENT naming the field: a tampered page token, a distance sort without a point, a radius over 500 km', async () => {
    const fieldsOf = async (request: object) => {
      const error = await callError(app.clients.search, 'searchAvailability', { checkIn: day(40), checkOut: day(42), guests: 2, ...request });
      expect(error.code).toBe(3);
      return detailOf(statusDetails(error.metadata), BadRequestSchema)?.fieldViolations.map((v) => v.field);
    };
    expect(await fieldsOf({ city: 'Paris', pageToken: 'WzBd.bm90LWEtbWFj' })).toEqual(['page_token']);
    expect(await fieldsOf({ city: 'Paris', sort: 'SEARCH_SORT_DISTANCE' })).toEqual(['sort']);
    expect(await fieldsOf({ near: { latitude: 48.85, longitude: 2.35, radiusKm: 501 } })).toEqual(['near.radius_km']);
    expect(await fieldsOf({ near: { latitude: 91, longitude: 2.35, radiusKm: 5 } })).toEqual(['near.latitude']);
    expect(await fieldsOf({ city: 'Paris', checkIn: day(42), checkOut: day(40) })).toEqual(['check_out']);
    expect(await fieldsOf({ city: 'Paris', guests: 21 })).toEqual(['guests']);
  });
});
