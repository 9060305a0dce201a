import { trimMap } from './bounded-map.js';
import type { Candidate, CandidateQuery, HotelSearch } from '../../ports/hotel-search.js';
import type { HotelIndex } from '../../ports/hotel-index.js';

/**
 * Key of a candidate query: everything the answer depends on, amenities as a set. Two queries
 * with the same key get the same candidates from any adapter, so one answer serves both.
 */
export function candidateQueryKey(q: CandidateQuery): string {
  const area = q.area.kind === 'city' ? ['city', q.area.city] : ['circle', q.area.center.latitude, q.area.center.longitude, q.area.radiusKm];
  return JSON.stringify([...area, [...new Set(q.amenities)].sort(), q.guests, q.text ?? '', q.order ?? 'area', q.limit]);
}

interface Entry {
  readonly generation: number;
  readonly expiresAt: number;
  readonly candidates: Promise<Candidate[]>;
  /** The index answered (a failed answer leaves the cache). */
  resolved: boolean;
  /** A refresh of this expired entry is reading the index. */
  refreshing: boolean;
}

/**
 * Candidate hotels for a search, kept for `ttlMs` (short) in this process, keyed by the normalised
 * query (area, amenities, guests, text, order, limit: never the dates, availability is not here).
 * Candidates are the slow-changing catalog part of a search; availability and price are still read
 * for every search, so a sold-out room never appears bookable because of this cache.
 *
 * `invalidate()` drops every entry at once: called after a unit of work that changed a hotel or a
 * room type commits, and after the indexer wrote a change into the index (for Elasticsearch, whose
 * index changes later than the database). A query answered while a change was happening is not kept
 * (the generation moved on). Catalog changes made by another process are seen within twice `ttlMs`
 * (an expired answer is served once more per query while one refresh reads the index), plus the
 * index's own lag. Identical queries arriving together share one call to the index.
 */
export class CachingHotelSearch implements HotelSearch {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;
  private unsettledUntil = 0;

  constructor(
    private readonly inner: HotelSearch,
    private readonly options: { readonly ttlMs: number; readonly maxEntries?: number; readonly now?: () => number },
  ) {}

  findCandidates(query: CandidateQuery): Promise<Candidate[]> {
    const now = this.now();
    // Off, or the index may still show a state older than the last change: ask it, keep nothing.
    if (this.options.ttlMs <= 0 || now < this.unsettledUntil) return this.inner.findCandidates(query);
    const key = candidateQueryKey(query);
    const entry = this.entries.get(key);
    if (entry && entry.generation === this.generation) {
      if (entry.expiresAt > now) return entry.candidates;
      // Just expired, nothing changed here since: answer with it once more while one refresh reads
      // the index, so that no search waits for it. Older than twice the TTL, it is not served.
      if (entry.resolved && entry.expiresAt + this.options.ttlMs > now) {
        if (!entry.refreshing) {
          entry.refreshing = true;
          this.load(key, query, now).catch(() => (entry.refreshing = false));
        }
        return entry.candidates;
      }
    }
    return this.load(key, query, now);
  }

  private load(key: string, query: CandidateQuery, now: number): Promise<Candidate[]> {
    const generation = this.generation;
    const candidates = this.inner.findCandidates(query);
    const stored: Entry = { generation, expiresAt: now + this.options.ttlMs, candidates, resolved: false, refreshing: false };
    const current = this.entries.get(key);
    // A refresh takes the place of the entry it refreshes only once it has the answer.
    if (current?.refreshing !== true || current.generation !== generation) this.put(key, stored, now);
    candidates.then(
      () => {
        stored.resolved = true;
        if (this.entries.get(key) !== stored && this.generation === generation) this.put(key, stored, now);
      },
      () => {
        if (this.entries.get(key) === stored) this.entries.delete(key);
      },
    );
    return candidates;
  }

  private put(key: string, entry: Entry, now: number): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.evict(now);
  }

  /**
   * Forgets every cached answer: the catalog changed. `settleMs`: the index shows the change only
   * that much later (Elasticsearch's refresh interval), so answers read until then are not kept.
   */
  invalidate(settleMs = 0): void {
    this.generation++;
    this.entries.clear();
    if (settleMs > 0) this.unsettledUntil = Math.max(this.unsettledUntil, this.now() + settleMs);
  }

  private evict(now: number): void {
    trimMap(this.entries, this.options.maxEntries ?? 10_000, (entry) => entry.expiresAt <= now);
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}

/**
 * The index, calling `onChange` after each write: an index that changes later than the database
 * (Elasticsearch, fed from the outbox) invalidates too. Pass `invalidate(refresh interval)` when
 * writes become searchable only at the index's next refresh.
 */
export function notifyingIndex(index: HotelIndex, onChange: () => void): HotelIndex {
  return {
    async put(entry) {
      try {
        await index.put(entry);
      } finally {
        onChange();
      }
    },
    async remove(hotelId) {
      try {
        await index.remove(hotelId);
      } finally {
        onChange();
      }
    },
  };
}
