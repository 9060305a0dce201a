import type { InventoryNight } from '../core/inventory/inventory-night.js';
import type { DateRange } from '../core/time/date-range.js';
import type { RoomTypeRef } from './availability-reader.js';

export interface CacheRead {
  readonly ref: RoomTypeRef;
  /** The room type's cache version when read: nights read from inventory after this are stored under it. */
  readonly version: number;
  /** The nights cached for the stay at this version; undefined on a miss. */
  readonly nights: readonly InventoryNight[] | undefined;
}

export interface CacheWrite {
  readonly ref: RoomTypeRef;
  readonly version: number;
  readonly nights: readonly InventoryNight[];
}

/**
 * A cache of inventory snapshots per room type and stay, versioned per room type. `invalidate`
 * bumps the version, so every stay cached for the room type is stale at once, and a snapshot read
 * from inventory before the bump but written after it (a racing reader) is stored under the old
 * version and never served. Entries also expire after a TTL: a backstop, never the mechanism.
 */
export interface AvailabilityCache {
  /** One read per ref, in the order asked. */
  read(refs: readonly RoomTypeRef[], stay: DateRange): Promise<CacheRead[]>;
  write(entries: readonly CacheWrite[], stay: DateRange): Promise<void>;
  invalidate(refs: readonly RoomTypeRef[]): Promise<void>;
}
