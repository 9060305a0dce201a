import { Hotel, type HotelStatus } from '../../core/hotel/hotel.js';
import type { HotelRecord } from './records/hotel.record.js';
import { flushSubnormal } from './sql-values.js';

/** What city searches compare: the stored key and the searched city go through the same function. */
export const cityKey = (city: string): string => city.trim().toLowerCase();

export function toRecord(hotel: Hotel): HotelRecord {
  return {
    id: hotel.id,
    name: hotel.name,
    city: hotel.city,
    cityKey: cityKey(hotel.city),
    countryCode: hotel.countryCode,
    latitude: flushSubnormal(hotel.location.latitude),
    longitude: flushSubnormal(hotel.location.longitude),
    timeZone: hotel.timeZone,
    currency: hotel.currency,
    amenities: [...hotel.amenities],
    overbookingPercent: hotel.overbookingPercent,
    status: hotel.status,
  };
}

export function toDomain(record: HotelRecord): Hotel {
  return Hotel.rehydrate({
    id: record.id,
    name: record.name,
    city: record.city,
    countryCode: record.countryCode,
    location: { latitude: record.latitude, longitude: record.longitude },
    timeZone: record.timeZone,
    currency: record.currency,
    amenities: [...record.amenities],
    overbookingPercent: record.overbookingPercent,
    status: record.status as HotelStatus,
  });
}
