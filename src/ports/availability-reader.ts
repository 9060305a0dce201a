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
  /** Every existing night of the stay for the given room types, in no particular order. */
  nights(roomTypes: readonly RoomTypeRef[], stay: DateRange): Promise<InventoryNight[]>;
}
