import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CalendarDate } from '../../../src/core/time/calendar-date.js';
import { DateRange } from '../../../src/core/time/date-range.js';
import { Redis } from 'ioredis';
import { MemoryAvailabilityCache } from '../../../src/adapters/cache/memory-availability-cache.js';
import { connectRedisAvailabilityCache } from '../../../src/adapters/cache/redis-availability-cache.js';
import { describeAvailabilityCacheContract } from '../../contract/availability-cache.contract.js';
import { REDIS_URL } from '../../support/redis.js';

let now = 1_000_000;
describeAvailabilityCacheContract(
  'memory',
  async () => ({ cache: new MemoryAvailabilityCache({ ttlMs: 30_000, now: () => now }), ttlMs: 30_000, dispose: async () => undefined }),
  async (h) => {
    now += h.ttlMs + 1;
  },
);

describeAvailabilityCacheContract(
  'Redis',
  async () => {
    const prefix = `test-avail-${process.pid}-${randomBytes(4).toString('hex')}`;
    const { cache, close } = await connectRedisAvailabilityCache({ url: REDIS_URL, prefix, ttlMs: 150 });
    return {
      cache,
      ttlMs: 150,
      async dispose() {
        await close();
        const admin = new Redis(REDIS_URL);
        const keys = await admin.keys(`${prefix}:*`);
        if (keys.length > 0) await admin.del(keys);
        await admin.quit();
      },
    };
  },
  // Redis expires keys on its own clock: the suite polls for it.
  async () => undefined,
);

describe('MemoryAvailabilityCache', () => {
  const stayOf = (from: string, to: string) => DateRange.of(CalendarDate.parse(from)!, CalendarDate.parse(to)!)!;
  const ref = (i: number) => ({ hotelId: `h${i % 2}`, roomTypeId: `rt${i}` });

  it('keeps at most maxEntries: the expired go first, then the oldest', async () => {
    let clock = 0;
    const cache = new MemoryAvailabilityCache({ ttlMs: 1_000, maxEntries: 3, now: () => clock });
    const stay = stayOf('2030-01-01', '2030-01-03');
    await cache.write([{ ref: ref(0), version: 0, nights: [] }], stay);
    clock = 900;
    await cache.write([1, 2].map((i) => ({ ref: ref(i), version: 0, nights: [] })), stay);
    clock = 1_000; // the first entry has expired, the others have not
    await cache.write([{ ref: ref(3), version: 0, nights: [] }], stay);
    expect((await cache.read([0, 1, 2, 3].map(ref), stay)).map((r) => r.nights !== undefined)).toEqual([false, true, true, true]);
    await cache.write([{ ref: ref(4), version: 0, nights: [] }], stay);
    // Over the bound with nothing expired: the oldest (1) goes.
    expect((await cache.read([1, 2, 3, 4].map(ref), stay)).map((r) => r.nights !== undefined)).toEqual([false, true, true, true]);
  });
});
