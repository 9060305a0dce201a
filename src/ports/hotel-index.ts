import type { Hotel } from '../core/hotel/hotel.js';
import type { RoomType } from '../core/hotel/room-type.js';

/** A hotel as the search index holds it: the hotel and all its room types. */
export interface IndexedHotel {
  readonly hotel: Hotel;
  readonly roomTypes: readonly RoomType[];
}

/**
 * Keeps a search index in step with the hotels of record. Both calls are idempotent: `put` replaces
 * the hotel's whole entry (so replaying an older event after a newer one is harmless when the caller
 * re-reads the hotel first), and `remove` of an absent hotel succeeds.
 */
export interface HotelIndex {
  put(entry: IndexedHotel): Promise<void>;
  remove(hotelId: string): Promise<void>;
}
