import type { InventoryNight } from '../../core/inventory/inventory-night.js';
import type { DateRange } from '../../core/time/date-range.js';
import type { AvailabilityCache, CacheRead } from '../../ports/availability-cache.js';
import type { AvailabilityReader, RoomTypeRef } from '../../ports/availability-reader.js';

const keyOf = (ref: RoomTypeRef): string => `${ref.hotelId}\u0000${ref.roomTypeId}`;

/** Each room type once, in order; by the ids themselves (a search asks for ~60, all different). */
function unique(refs: readonly RoomTypeRef[]): RoomTypeRef[] {
  const seen = new Map<string, Set<string>>();
  const out: RoomTypeRef[] = [];
  for (const ref of refs) {
    let ofHotel = seen.get(ref.hotelId);
    if (!ofHotel) seen.set(ref.hotelId, (ofHotel = new Set()));
    if (ofHotel.has(ref.roomTypeId)) continue;
    ofHotel.add(ref.roomTypeId);
    out.push(ref);
  }
  return out;
}

/**
 * An AvailabilityReader that answers from the cache where it can and reads only the misses from
 * inventory, in one call, then caches them under the versions seen before reading. A cache that
 * fails (Redis down) is bypassed: search then reads inventory directly, slower but never wrong.
 */
export class CachingAvailabilityReader implements AvailabilityReader {
  constructor(
    private readonly inventory: AvailabilityReader,
    private readonly cache: AvailabilityCache,
    private readonly onCacheError: (error: unknown) => void = () => {},
  ) {}

  async nights(roomTypes: readonly RoomTypeRef[], stay: DateRange): Promise<InventoryNight[]> {
    const refs = unique(roomTypes);
    if (refs.length === 0) return [];
    let cached;
    try {
      cached = await this.cache.read(refs, stay);
    } catch (error) {
      this.onCacheError(error);
      return this.inventory.nights(refs, stay);
    }
    const hits: InventoryNight[] = [];
    const misses: CacheRead[] = [];
    for (const c of cached) {
      if (c.nights === undefined) misses.push(c);
      else for (const night of c.nights) hits.push(night);
    }
    if (misses.length === 0) return hits;
    const read = await this.inventory.nights(
      misses.map((m) => m.ref),
      stay,
    );
    const byRef = new Map<string, InventoryNight[]>(misses.map((m) => [keyOf(m.ref), []]));
    for (const night of read) byRef.get(keyOf(night))?.push(night);
    try {
      await this.cache.write(
        misses.map((m) => ({ ref: m.ref, version: m.version, nights: byRef.get(keyOf(m.ref)) ?? [] })),
        stay,
      );
    } catch (error) {
      this.onCacheError(error);
    }
    return [...hits, ...read];
  }
}
