import type { InventoryNight } from '../core/inventory/inventory-night.js';
import type { DateRange } from '../core/time/date-range.js';

export interface RoomTypeRef {
  readonly hotelId: string;
  readonly roomTypeId: string;
}

/**
 * Reads inventory of many room types at once, outside any transaction: a snapshot that may be
 * stale by the time a guest books (booking re-checks atomically).
 */
export interface AvailabilityReader {
  /**
   * Every existing night of the stay of each room type, and its row for the departure day (whose
   * closed-to-departure restriction a booking checks), in the order asked: the i-th array holds
   * the rows of `roomTypes[i]`, in no particular order, and is empty for a room type without any
   * (unknown, or asked under another hotel). A room type asked twice is answered twice. Answers
   * are shared snapshots (a cache may hand the same array to many searches): callers must not
   * change them.
   */
  nightsByRoomType(roomTypes: readonly RoomTypeRef[], stay: DateRange): Promise<(readonly InventoryNight[])[]>;
}
