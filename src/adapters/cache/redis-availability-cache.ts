import { Redis } from 'ioredis';
import { Money } from '../../core/money/money.js';
import type { InventoryNight } from '../../core/inventory/inventory-night.js';
import { CalendarDate } from '../../core/time/calendar-date.js';
import type { DateRange } from '../../core/time/date-range.js';
import type { AvailabilityCache, CacheRead, CacheWrite } from '../../ports/availability-cache.js';
import type { RoomTypeRef } from '../../ports/availability-reader.js';

// Versions outlive every entry by far: a version key that expired and restarted at 0 must not meet an entry stored at an old 0.
const VERSION_TTL_MS = 24 * 3_600_000;

interface NightJson {
  d: string;
  t: number;
  r: number;
  p: number;
  c: string;
  s: InventoryNight['restrictions'];
}

/**
 * The cache in Redis, shared by every API process: two round trips per read (the versions, then
 * the entries under those versions), one pipeline per write or invalidation. Keys:
 * `<prefix>:v:<hotel>:<roomType>` (version, INCR on invalidate) and
 * `<prefix>:n:<hotel>:<roomType>:<version>:<checkIn>:<checkOut>` (nights as JSON, with a TTL).
 */
export class RedisAvailabilityCache implements AvailabilityCache {
  constructor(
    private readonly redis: Redis,
    private readonly options: { readonly prefix: string; readonly ttlMs: number },
  ) {}

  async read(refs: readonly RoomTypeRef[], stay: DateRange): Promise<CacheRead[]> {
    if (refs.length === 0) return [];
    const versions = (await this.redis.mget(refs.map((ref) => this.versionKey(ref)))).map((v) => (v === null ? 0 : Number(v)));
    const values = await this.redis.mget(refs.map((ref, i) => this.entryKey(ref, versions[i] ?? 0, stay)));
    return refs.map((ref, i) => {
      const value = values[i];
      return { ref, version: versions[i] ?? 0, nights: value == null ? undefined : decode(ref, value) };
    });
  }

  async write(entries: readonly CacheWrite[], stay: DateRange): Promise<void> {
    if (entries.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const e of entries) pipeline.set(this.entryKey(e.ref, e.version, stay), encode(e.nights), 'PX', this.options.ttlMs);
    await pipeline.exec();
  }

  async invalidate(refs: readonly RoomTypeRef[]): Promise<void> {
    if (refs.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const ref of refs) pipeline.incr(this.versionKey(ref)).pexpire(this.versionKey(ref), VERSION_TTL_MS);
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([error]) => error);
    if (failed) throw failed[0];
  }

  private versionKey(ref: RoomTypeRef): string {
    return `${this.options.prefix}:v:${ref.hotelId}:${ref.roomTypeId}`;
  }

  private entryKey(ref: RoomTypeRef, version: number, stay: DateRange): string {
    return `${this.options.prefix}:n:${ref.hotelId}:${ref.roomTypeId}:${version}:${stay.checkIn}:${stay.checkOut}`;
  }
}

function encode(nights: readonly InventoryNight[]): string {
  return JSON.stringify(
    nights.map((n): NightJson => ({ d: n.date.toString(), t: n.totalRooms, r: n.reserved, p: n.price.amountMinor, c: n.price.currency, s: n.restrictions })),
  );
}

function decode(ref: RoomTypeRef, value: string): InventoryNight[] {
  return (JSON.parse(value) as NightJson[]).map((n) => ({
    hotelId: ref.hotelId,
    roomTypeId: ref.roomTypeId,
    date: CalendarDate.parse(n.d) as CalendarDate,
    totalRooms: n.t,
    reserved: n.r,
    price: Money.of(n.p, n.c),
    restrictions: n.s,
  }));
}

/**
 * A cache on its own Redis connection, connected before it is returned. Afterwards it fails fast
 * (no offline queue) so that a search never waits on a dead Redis: the caching reader bypasses it.
 */
export async function connectRedisAvailabilityCache(options: { readonly url: string; readonly prefix: string; readonly ttlMs: number }): Promise<{
  cache: RedisAvailabilityCache;
  close(): Promise<void>;
}> {
  const redis = new Redis(options.url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000, commandTimeout: 1_000 });
  redis.on('error', () => undefined); // Reported by the failing calls; ioredis reconnects on its own.
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error(`cannot connect to Redis at ${hostOf(options.url)}`, { cause: error });
  }
  return {
    cache: new RedisAvailabilityCache(redis, options),
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** host:port of a redis:// URL, for messages: never the password the URL may carry. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '[unparseable URL]';
  }
}
