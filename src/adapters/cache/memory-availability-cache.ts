import { trimMap } from './bounded-map.js';
import type { InventoryNight } from '../../core/inventory/inventory-night.js';
import type { DateRange } from '../../core/time/date-range.js';
import type { AvailabilityCache, CacheRead, CacheWrite } from '../../ports/availability-cache.js';
import type { RoomTypeRef } from '../../ports/availability-reader.js';

const roomTypeKey = (ref: RoomTypeRef): string => `${ref.hotelId}\u0000${ref.roomTypeId}`;
/** The stay's part of an entry's key: formatted once per call, not once per room type. */
const stayKey = (stay: DateRange): string => `${stay.checkIn}\u0000${stay.checkOut}`;
const entryKey = (room: string, version: number, stay: string): string => `${room}\u0000${version}\u0000${stay}`;

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
    const dates = stayKey(stay);
    return refs.map((ref) => {
      const room = roomTypeKey(ref);
      const version = this.versions.get(room) ?? 0;
      const entry = this.entries.get(entryKey(room, version, dates));
      return { ref, version, nights: entry && entry.expiresAt > now ? entry.nights : undefined };
    });
  }

  async write(entries: readonly CacheWrite[], stay: DateRange): Promise<void> {
    const expiresAt = this.now() + this.options.ttlMs;
    const dates = stayKey(stay);
    for (const e of entries) {
      const room = roomTypeKey(e.ref);
      // Written under a version already bumped: a racing reader's snapshot, which no one may read.
      if ((this.versions.get(room) ?? 0) !== e.version) continue;
      this.entries.set(entryKey(room, e.version, dates), { nights: e.nights, expiresAt });
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
