import { trimMap } from './bounded-map.js';
import type { InventoryNight } from '../../core/inventory/inventory-night.js';
import type { DateRange } from '../../core/time/date-range.js';
import type { AvailabilityCache, CacheRead, CacheWrite } from '../../ports/availability-cache.js';
import type { RoomTypeRef } from '../../ports/availability-reader.js';

const roomTypeKey = (ref: RoomTypeRef): string => `${ref.hotelId}\u0000${ref.roomTypeId}`;
const entryKey = (ref: RoomTypeRef, version: number, stay: DateRange): string => `${roomTypeKey(ref)}\u0000${version}\u0000${stay.checkIn}\u0000${stay.checkOut}`;

/**
 * The cache in this process's memory (the embedded default). Bounded: past `maxEntries`, expired
 * entries go first, then the oldest. Shared by nothing: with several API processes, use Redis.
 */
export class MemoryAvailabilityCache implements AvailabilityCache {
  private readonly versions = new Map<string, number>();
  private readonly entries = new Map<string, { nights: readonly InventoryNight[]; expiresAt: number }>();

  constructor(private readonly options: { readonly ttlMs: number; readonly maxEntries?: number; readonly now?: () => number }) {}

  async read(refs: readonly RoomTypeRef[], stay: DateRange): Promise<CacheRead[]> {
    const now = this.now();
    return refs.map((ref) => {
      const version = this.versions.get(roomTypeKey(ref)) ?? 0;
      const entry = this.entries.get(entryKey(ref, version, stay));
      return { ref, version, nights: entry && entry.expiresAt > now ? entry.nights : undefined };
    });
  }

  async write(entries: readonly CacheWrite[], stay: DateRange): Promise<void> {
    const expiresAt = this.now() + this.options.ttlMs;
    for (const e of entries) {
      // Written under a version already bumped: a racing reader's snapshot, which no one may read.
      if ((this.versions.get(roomTypeKey(e.ref)) ?? 0) !== e.version) continue;
      this.entries.set(entryKey(e.ref, e.version, stay), { nights: e.nights, expiresAt });
    }
    this.evict();
  }

  async invalidate(refs: readonly RoomTypeRef[]): Promise<void> {
    for (const ref of refs) this.versions.set(roomTypeKey(ref), (this.versions.get(roomTypeKey(ref)) ?? 0) + 1);
  }

  private evict(): void {
    const now = this.now();
    trimMap(this.entries, this.options.maxEntries ?? 100_000, (entry) => entry.expiresAt <= now);
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}
