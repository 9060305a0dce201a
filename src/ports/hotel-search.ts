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
  /**
   * Free text: every word of it must be a word of the hotel's name, ignoring case and accents
   * ("hotel" finds "Hôtel du Parc", "parc hotel" too; "par" does not). Absent: no text condition.
   */
  readonly text?: string;
  /** `relevance`: best text match first (needs `text`), ties by name then id. Default: the area's order. */
  readonly order?: 'area' | 'relevance';
  readonly limit: number;
}

export interface Candidate {
  readonly hotel: Hotel;
  /** Distance from the circle's centre; 0 for a city search. */
  readonly distanceKm: number;
  /** The hotel's room types that sleep the guests. */
  readonly roomTypes: readonly RoomType[];
  /**
   * How well the hotel matches the text, higher is better; 0 without text. Each engine scores its
   * own way (BM25, trigram similarity), so scores compare only within one adapter's answers.
   */
  readonly score?: number;
}

/**
 * Finds hotels that could host a search: by place, amenities and room capacity, never by
 * availability (that comes from inventory). Results: nearest first for a circle, by name for a city,
 * or by relevance when asked; ties always by name then id, so that an unchanged index returns the
 * same order every time (page tokens are positions in it).
 */
export interface HotelSearch {
  findCandidates(query: CandidateQuery): Promise<Candidate[]>;
}
