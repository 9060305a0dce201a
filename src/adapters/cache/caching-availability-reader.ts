import type { InventoryNight } from '../../core/inventory/inventory-night.js';
import type { DateRange } from '../../core/time/date-range.js';
import type { AvailabilityCache } from '../../ports/availability-cache.js';
import type { AvailabilityReader, RoomTypeRef } from '../../ports/availability-reader.js';

/**
 * An AvailabilityReader that answers from the cache where it can and reads only the misses from
 * inventory, in one call, then caches them under the versions seen before reading. A cache that
 * fails (Redis down) is bypassed: search then reads inventory directly, slower but never wrong.
 * Hits are the cached arrays themselves, handed on without copying (the port's answers are shared
 * snapshots).
 */
export class CachingAvailabilityReader implements AvailabilityReader {
  constructor(
    private readonly inventory: AvailabilityReader,
    private readonly cache: AvailabilityCache,
    private readonly onCacheError: (error: unknown) => void = () => {},
  ) {}

  async nightsByRoomType(refs: readonly RoomTypeRef[], stay: DateRange): Promise<(readonly InventoryNight[])[]> {
    if (refs.length === 0) return [];
    let cached;
    try {
      cached = await this.cache.read(refs, stay);
    } catch (error) {
      this.onCacheError(error);
      return this.inventory.nightsByRoomType(refs, stay);
    }
    const nights: (readonly InventoryNight[])[] = [];
    const missed: number[] = [];
    for (const [i, c] of cached.entries()) {
      if (c.nights === undefined) missed.push(i);
      nights.push(c.nights ?? []);
    }
    if (missed.length === 0) return nights;
    const read = await this.inventory.nightsByRoomType(
      missed.map((i) => refs[i]!),
      stay,
    );
    missed.forEach((i, j) => (nights[i] = read[j] ?? []));
    try {
      await this.cache.write(
        missed.map((i) => ({ ref: refs[i]!, version: cached[i]!.version, nights: nights[i]! })),
        stay,
      );
    } catch (error) {
      this.onCacheError(error);
    }
    return nights;
  }
}
