import { randomBytes } from 'node:crypto';
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
