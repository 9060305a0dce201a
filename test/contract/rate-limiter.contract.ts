import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullBucket, takeToken, type Bucket, type RateLimit } from '../../src/core/access/token-bucket.js';
import type { RateLimiter } from '../../src/ports/rate-limiter.js';
import { uniqueId } from './persistence-fixtures.js';

export interface RateLimiterHarness {
  readonly limiter: RateLimiter;
  dispose(): Promise<void>;
}

/**
 * The RateLimiter port's contract, for the in-memory and Redis adapters. Time is passed in, so
 * refills are exact and nothing waits. Every adapter must decide exactly as the core's takeToken.
 */
export function describeRateLimiterContract(adapter: string, create: () => Promise<RateLimiterHarness>, options: { propertyRuns: number }): void {
  describe(`RateLimiter contract: ${adapter}`, () => {
    let h: RateLimiterHarness;
    beforeAll(async () => {
      h = await create();
    });
    afterAll(async () => {
      await h?.dispose();
    });
    const limit: RateLimit = { perSecond: 2, burst: 3 };
    const t0 = 1_700_000_000_000;

    it('lets a full burst through, then refuses with the time until the next token', async () => {
      const key = uniqueId('caller');
      for (let i = 0; i < 3; i++) expect(await h.limiter.take(key, limit, t0)).toEqual({ allowed: true });
      expect(await h.limiter.take(key, limit, t0)).toEqual({ allowed: false, retryAfterMs: 500 });
      // 200 ms later 0.4 of a token has come back: 300 ms to go.
      expect(await h.limiter.take(key, limit, t0 + 200)).toEqual({ allowed: false, retryAfterMs: 300 });
    });

    it('refills at the configured rate, never beyond the burst', async () => {
      const key = uniqueId('caller');
      for (let i = 0; i < 3; i++) await h.limiter.take(key, limit, t0);
      expect(await h.limiter.take(key, limit, t0 + 500)).toEqual({ allowed: true });
      expect(await h.limiter.take(key, limit, t0 + 500)).toMatchObject({ allowed: false });
      // An hour of quiet refills to the burst (3), not to 7,200.
      const later = t0 + 3_600_000;
      for (let i = 0; i < 3; i++) expect(await h.limiter.take(key, limit, later)).toEqual({ allowed: true });
      expect(await h.limiter.take(key, limit, later)).toEqual({ allowed: false, retryAfterMs: 500 });
    });

    it('keeps one bucket per key, each with the limit it is called with', async () => {
      const [a, b] = [uniqueId('caller'), uniqueId('caller')];
      expect(await h.limiter.take(a, { perSecond: 1, burst: 1 }, t0)).toEqual({ allowed: true });
      expect(await h.limiter.take(a, { perSecond: 1, burst: 1 }, t0)).toEqual({ allowed: false, retryAfterMs: 1000 });
      expect(await h.limiter.take(b, { perSecond: 0.5, burst: 1 }, t0)).toEqual({ allowed: true });
      expect(await h.limiter.take(b, { perSecond: 0.5, burst: 1 }, t0)).toEqual({ allowed: false, retryAfterMs: 2000 });
    });

    it('mints no tokens when the clock steps back', async () => {
      const key = uniqueId('caller');
      const one = { perSecond: 1, burst: 1 };
      expect(await h.limiter.take(key, one, t0 + 10_000)).toEqual({ allowed: true });
      expect(await h.limiter.take(key, one, t0)).toEqual({ allowed: false, retryAfterMs: 1000 });
    });

    it('decides every call exactly as the core token bucket does', async () => {
      const limits = fc.record({ perSecond: fc.integer({ min: 1, max: 50 }), burst: fc.integer({ min: 1, max: 10 }) });
      const gaps = fc.array(fc.integer({ min: 0, max: 700 }), { minLength: 1, maxLength: 40 });
      await fc.assert(
        fc.asyncProperty(limits, gaps, async (l, deltas) => {
          const key = uniqueId('caller');
          let now = t0;
          let bucket: Bucket = fullBucket(l, now);
          for (const d of deltas) {
            now += d;
            const expected = takeToken(l, bucket, now);
            bucket = expected.bucket;
            expect(await h.limiter.take(key, l, now)).toEqual(expected.allowed ? { allowed: true } : { allowed: false, retryAfterMs: expected.retryAfterMs });
          }
        }),
        { numRuns: options.propertyRuns },
      );
    });
  });
}
