import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fullBucket, isIdle, takeToken, type Bucket, type RateLimit } from '../../src/core/access/token-bucket.js';

const limits = fc.record({ perSecond: fc.integer({ min: 1, max: 1000 }), burst: fc.integer({ min: 1, max: 500 }) });
/** Call times: non-decreasing gaps in ms. */
const gaps = fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: 1, maxLength: 300 });

function replay(limit: RateLimit, deltas: readonly number[]) {
  let now = 0;
  let bucket: Bucket = fullBucket(limit, now);
  const calls: { at: number; allowed: boolean; retryAfterMs?: number }[] = [];
  for (const d of deltas) {
    now += d;
    const taken = takeToken(limit, bucket, now);
    bucket = taken.bucket;
    calls.push({ at: now, allowed: taken.allowed, ...(taken.allowed ? {} : { retryAfterMs: taken.retryAfterMs }) });
  }
  return { calls, bucket, now };
}

describe('token bucket', () => {
  it('never allows more than burst + perSecond x t calls in any window of t ms', () => {
    fc.assert(
      fc.property(limits, gaps, (limit, deltas) => {
        const allowed = replay(limit, deltas).calls.filter((c) => c.allowed).map((c) => c.at);
        for (let i = 0; i < allowed.length; i++)
          for (let j = i; j < allowed.length; j++) expect(j - i + 1).toBeLessThanOrEqual(limit.burst + ((allowed[j]! - allowed[i]!) * limit.perSecond) / 1000 + 1e-9);
      }),
    );
  });

  it('allows the whole burst at once after a quiet period, then refuses with the time until the next token', () => {
    fc.assert(
      fc.property(limits, (limit) => {
        const { calls } = replay(limit, Array.from({ length: limit.burst + 1 }, () => 0));
        expect(calls.slice(0, limit.burst).every((c) => c.allowed)).toBe(true);
        const refused = calls.at(-1)!;
        expect(refused.allowed).toBe(false);
        expect(refused.retryAfterMs).toBe(Math.ceil(1000 / limit.perSecond));
      }),
    );
  });

  it('allows a call again once the advertised retry delay has passed', () => {
    fc.assert(
      fc.property(limits, gaps, (limit, deltas) => {
        const { calls, bucket, now } = replay(limit, deltas);
        const last = calls.at(-1)!;
        if (last.allowed) return;
        expect(takeToken(limit, bucket, now + last.retryAfterMs!).allowed).toBe(true);
      }),
    );
  });

  it('treats perSecond 0 as unlimited, never mints tokens when the clock steps back, and forgets refilled buckets', () => {
    const unlimited = { perSecond: 0, burst: 1 };
    expect(replay(unlimited, [0, 0, 0, 0]).calls.every((c) => c.allowed)).toBe(true);
    const limit = { perSecond: 10, burst: 2 };
    const drained = takeToken(limit, takeToken(limit, fullBucket(limit, 1000), 1000).bucket, 1000).bucket;
    expect(takeToken(limit, drained, 500).allowed).toBe(false);
    expect(isIdle(limit, drained, 1100)).toBe(false);
    expect(isIdle(limit, drained, 1200)).toBe(true);
  });
});
