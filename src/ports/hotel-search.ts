import type { Hotel } from '../core/hotel/hotel.js';
import type { GeoPoint } from '../core/hotel/geo-point.js';
import type { RoomType } from '../core/hotel/room-type.js';

export type SearchArea =
  | { readonly kind: 'city'; readonly city: string }
  | { readonly kind: 'circle'; readonly center: GeoPoint; readonly radiusKm: number };

export interface CandidateQuery {
  readonly area: SearchArea;
  /** Every one of these amenity codes must be on the hotel. */
  readonly amenities: readonly string[];
  /** Only room types that sleep this many. */
  readonly guests: number;
  readonly limit: number;
}

export interface Candidate {
  readonly hotel: Hotel;
  /** Distance from the circle's centre; 0 for a city search. */
  readonly distanceKm: number;
  /** The hotel's room types that sleep the guests. */
  readonly roomTypes: readonly RoomType[];
}

/**
 * Finds hotels that could host a search: by place, amenities and room capacity, never by
 * availability (that comes from inventory). Results: nearest first for a circle, by name for a city.
 */
export interface HotelSearch {
  findCandidates(query: CandidateQuery): Promise<Candidate[]>;
}
