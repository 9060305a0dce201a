import { Hotel, type HotelStatus } from '../../core/hotel/hotel.js';
import { RoomType } from '../../core/hotel/room-type.js';
import { textWords } from '../../core/search/free-text.js';
import type { IndexedHotel } from '../../ports/hotel-index.js';

/** The search document of a hotel: everything needed to answer a search without the database. */
export interface HotelDocument {
  id: string;
  name: string;
  /** The name's words for the free-text search (see the mapping). */
  name_words: string;
  city: string;
  city_key: string;
  country_code: string;
  location: { lat: number; lon: number };
  amenities: string[];
  status: string;
  time_zone: string;
  currency: string;
  overbooking_percent: number;
  room_types: RoomTypeDocument[];
}

export interface RoomTypeDocument {
  id: string;
  name: string;
  max_guests: number;
  amenities: string[];
}

/** The same key as the Postgres adapter's `city_key` column: both adapters must match the same cities. */
export const cityKey = (city: string): string => city.trim().toLowerCase();

export function toDocument({ hotel, roomTypes }: IndexedHotel): HotelDocument {
  return {
    id: hotel.id,
    name: hotel.name,
    name_words: textWords(hotel.name).join(' '),
    city: hotel.city,
    city_key: cityKey(hotel.city),
    country_code: hotel.countryCode,
    location: { lat: hotel.location.latitude, lon: hotel.location.longitude },
    amenities: [...hotel.amenities],
    status: hotel.status,
    time_zone: hotel.timeZone,
    currency: hotel.currency,
    overbooking_percent: hotel.overbookingPercent,
    // Only room types on sale: a deleted one must never make its hotel a candidate.
    room_types: roomTypes.filter((rt) => rt.active).map((rt) => ({ id: rt.id, name: rt.name, max_guests: rt.maxGuests, amenities: [...rt.amenities] })),
  };
}

export function hotelOf(doc: HotelDocument): Hotel {
  return Hotel.rehydrate({
    id: doc.id,
    name: doc.name,
    city: doc.city,
    countryCode: doc.country_code,
    location: { latitude: doc.location.lat, longitude: doc.location.lon },
    timeZone: doc.time_zone,
    currency: doc.currency,
    amenities: doc.amenities,
    overbookingPercent: doc.overbooking_percent,
    status: doc.status as HotelStatus,
  });
}

/** The hotel's room types that sleep `guests`, by name then id (the order of the Postgres adapter). */
export function roomTypesOf(doc: HotelDocument, guests: number): RoomType[] {
  return doc.room_types
    .filter((rt) => rt.max_guests >= guests)
    .sort((a, b) => codepointOrder(a.name, b.name) || codepointOrder(a.id, b.id))
    .map((rt) => RoomType.rehydrate({ id: rt.id, hotelId: doc.id, name: rt.name, maxGuests: rt.max_guests, amenities: rt.amenities, active: true }));
}

/** Code-point order: what a `keyword` sort and the database's C collation use. */
export const codepointOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
