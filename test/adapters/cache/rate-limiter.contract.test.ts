import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { expect, it } from 'vitest';
import { MemoryRateLimiter } from '../../../src/adapters/cache/memory-rate-limiter.js';
import { connectRedisRateLimiter } from '../../../src/adapters/cache/redis-rate-limiter.js';
import { describeRateLimiterContract } from '../../contract/rate-limiter.contract.js';
import { REDIS_URL } from '../../support/redis.js';
import { startTcpProxy } from '../../support/tcp-proxy.js';

describeRateLimiterContract('memory', async () => ({ limiter: new MemoryRateLimiter(), dispose: async () => undefined }), { propertyRuns: 200 });

const prefix = () => `test-ratelimit-${process.pid}-${randomBytes(4).toString('hex')}`;
async function removeKeys(p: string): Promise<void> {
  const admin = new Redis(REDIS_URL);
  const keys = await admin.keys(`${p}:*`);
  if (keys.length > 0) await admin.del(keys);
  await admin.quit();
}

describeRateLimiterContract(
  'Redis',
  async () => {
    const p = prefix();
    const { limiter, close } = await connectRedisRateLimiter({ url: REDIS_URL, prefix: p });
    return {
      limiter,
      async dispose() {
        await close();
        await removeKeys(p);
      },
    };
  },
  { propertyRuns: 40 },
);

it('Redis: buckets expire once they would have refilled, and a down Redis fails fast', async () => {
  const p = prefix();
  const url = new URL(REDIS_URL);
  const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 6379) });
  const { limiter, close } = await connectRedisRateLimiter({ url: `redis://127.0.0.1:${proxy.port}`, prefix: p });
  try {
    await limiter.take('a', { perSecond: 10, burst: 5 }, Date.now());
    const admin = new Redis(REDIS_URL);
    const ttl = await admin.pttl(`${p}:a`);
    await admin.quit();
    // burst / perSecond = 500 ms to refill, plus a second of slack.
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1_500);

    await proxy.down();
    const started = Date.now();
    await expect(limiter.take('a', { perSecond: 10, burst: 5 }, Date.now())).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1_000);
  } finally {
    await close();
    await proxy.close();
    await removeKeys(p);
  }
});

it('memory: keeps at most maxKeys buckets, forgetting full ones first, then the least recently used', async () => {
  const limiter = new MemoryRateLimiter({ maxKeys: 2 });
  const one = { perSecond: 1, burst: 1 };
  const t = 1_000_000;
  await limiter.take('a', one, t); // a: empty
  await limiter.take('b', one, t); // b: empty
  await limiter.take('c', one, t); // over the bound: a (least recently used, busy) is dropped
  expect(await limiter.take('b', one, t)).toEqual({ allowed: false, retryAfterMs: 1000 });
  expect(await limiter.take('c', one, t)).toEqual({ allowed: false, retryAfterMs: 1000 });
  expect(await limiter.take('a', one, t)).toEqual({ allowed: true }); // forgotten: a full bucket again
});
