import type { Violations } from '../shared/errors.js';

/**
 * The amenity vocabulary is a domain rule: a search filters on these codes, so a hotel must be
 * described with the same ones or it could never be found by them (a typo such as "wi_fi" would
 * hide it silently). New codes are added here, never renamed (hotels and indexes store them).
 */
export const HOTEL_AMENITIES = [
  'air_conditioning',
  'airport_shuttle',
  'bar',
  'beach',
  'breakfast',
  'business_centre',
  'gym',
  'parking',
  'pet_friendly',
  'pool',
  'restaurant',
  'room_service',
  'spa',
  'wheelchair_access',
  'wifi',
] as const;

/** What a room type offers; a separate list because a search never filters on it. */
export const ROOM_AMENITIES = [
  'air_conditioning',
  'balcony',
  'bathtub',
  'coffee_machine',
  'desk',
  'kitchen',
  'minibar',
  'safe',
  'sea_view',
  'sofa_bed',
  'tv',
  'wifi',
] as const;

export type HotelAmenity = (typeof HOTEL_AMENITIES)[number];
export type RoomAmenity = (typeof ROOM_AMENITIES)[number];

export const MAX_AMENITIES = 50;

const HOTEL_SET: ReadonlySet<string> = new Set(HOTEL_AMENITIES);
const ROOM_SET: ReadonlySet<string> = new Set(ROOM_AMENITIES);

export const isHotelAmenity = (code: string): code is HotelAmenity => HOTEL_SET.has(code);

/**
 * Checks amenity codes against a vocabulary (each known, at most 50, no duplicates) and returns them
 * sorted. A violation names the offending item and value, and lists the valid codes.
 */
export function checkAmenities(amenities: readonly string[], field: string, violations: Violations, vocabulary: 'hotel' | 'room' = 'hotel'): string[] {
  const known = vocabulary === 'hotel' ? HOTEL_SET : ROOM_SET;
  violations.require(amenities.length <= MAX_AMENITIES, field, `must have at most ${MAX_AMENITIES} items`);
  amenities.forEach((code, i) => violations.require(known.has(code), `${field}[${i}]`, unknownAmenity(code, known)));
  violations.require(new Set(amenities).size === amenities.length, field, 'must not repeat a code');
  return [...amenities].sort();
}

function unknownAmenity(code: string, known: ReadonlySet<string>): string {
  return `${JSON.stringify(code.slice(0, 40))} is not a known amenity; valid: ${[...known].join(', ')}`;
}
