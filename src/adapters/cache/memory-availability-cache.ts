import type { InventoryNight } from '../../core/inventory/inventory-night.js';
import type { DateRange } from '../../core/time/date-range.js';
import type { AvailabilityCache, CacheRead, CacheWrite } from '../../ports/availability-cache.js';
import type { RoomTypeRef } from '../../ports/availability-reader.js';

/** One room type: its version (bumped by every invalidation) and its cached stays. */
interface RoomSlot {
  version: number;
  readonly stays: Map<string, Entry>;
}

interface Entry {
  readonly slot: RoomSlot;
  readonly stay: string;
  readonly version: number;
  readonly nights: readonly InventoryNight[];
  readonly expiresAt: number;
}

/** The stay's part of an entry's key: formatted once per call, not once per room type. */
const stayKey = (stay: DateRange): string => `${stay.checkIn}/${stay.checkOut}`;

/**
 * The cache in this process's memory (the embedded default). Bounded: past `maxEntries`, expired
 * entries go first, then the oldest. Shared by nothing: with several API processes, use Redis.
 *
 * Room types are found by hotel id, then room type id: a search reads ~60 of them per answer, and
 * looking up the ids it already holds is much cheaper than building and hashing a composite key for
 * each (the cache's reads were a third of a search's own time).
 */
export class MemoryAvailabilityCache implements AvailabilityCache {
  private readonly rooms = new Map<string, Map<string, RoomSlot>>();
  /** Every entry, oldest first (a Set iterates in insertion order): for eviction. */
  private readonly entries = new Set<Entry>();

  constructor(private readonly options: { readonly ttlMs: number; readonly maxEntries?: number; readonly now?: () => number }) {}

  async read(refs: readonly RoomTypeRef[], stay: DateRange): Promise<CacheRead[]> {
    const now = this.now();
    const dates = stayKey(stay);
    return refs.map((ref) => {
      const slot = this.rooms.get(ref.hotelId)?.get(ref.roomTypeId);
      const version = slot?.version ?? 0;
      const entry = slot?.stays.get(dates);
      return { ref, version, nights: entry && entry.version === version && entry.expiresAt > now ? entry.nights : undefined };
    });
  }

  async write(entries: readonly CacheWrite[], stay: DateRange): Promise<void> {
    const expiresAt = this.now() + this.options.ttlMs;
    const dates = stayKey(stay);
    for (const e of entries) {
      const slot = this.slot(e.ref);
      // Written under a version already bumped: a racing reader's snapshot, which no one may read.
      if (slot.version !== e.version) continue;
      const previous = slot.stays.get(dates);
      if (previous) this.entries.delete(previous);
      const entry: Entry = { slot, stay: dates, version: e.version, nights: e.nights, expiresAt };
      slot.stays.set(dates, entry);
      this.entries.add(entry);
    }
    this.evict();
  }

  async invalidate(refs: readonly RoomTypeRef[]): Promise<void> {
    for (const ref of refs) {
      const slot = this.slot(ref);
      slot.version++;
      // Nothing written before can be served any more: free it now.
      for (const entry of slot.stays.values()) this.entries.delete(entry);
      slot.stays.clear();
    }
  }

  private slot(ref: RoomTypeRef): RoomSlot {
    let ofHotel = this.rooms.get(ref.hotelId);
    if (!ofHotel) this.rooms.set(ref.hotelId, (ofHotel = new Map()));
    let slot = ofHotel.get(ref.roomTypeId);
    if (!slot) ofHotel.set(ref.roomTypeId, (slot = { version: 0, stays: new Map() }));
    return slot;
  }

  private evict(): void {
    const max = this.options.maxEntries ?? 100_000;
    if (this.entries.size <= max) return;
    const now = this.now();
    for (const entry of this.entries) if (entry.expiresAt <= now) this.drop(entry);
    for (const entry of this.entries) {
      if (this.entries.size <= max) break;
      this.drop(entry);
    }
  }

  private drop(entry: Entry): void {
    this.entries.delete(entry);
    if (entry.slot.stays.get(entry.stay) === entry) entry.slot.stays.delete(entry.stay);
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}
