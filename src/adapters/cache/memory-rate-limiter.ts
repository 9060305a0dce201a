import { trimMap } from './bounded-map.js';
import { fullBucket, isIdle, takeToken, type Bucket, type RateLimit } from '../../core/access/token-bucket.js';
import type { RateDecision, RateLimiter } from '../../ports/rate-limiter.js';

/**
 * Token buckets in this process's memory: the limit holds per replica (the cluster-wide limit is
 * the replica count times it). At most `maxKeys` buckets are kept: beyond that, full (idle) ones are
 * forgotten first, then the least recently used.
 */
export class MemoryRateLimiter implements RateLimiter {
  readonly #buckets = new Map<string, { bucket: Bucket; limit: RateLimit }>();

  constructor(private readonly options: { readonly maxKeys?: number } = {}) {}

  take(key: string, limit: RateLimit, nowMs: number): Promise<RateDecision> {
    const taken = takeToken(limit, this.#buckets.get(key)?.bucket ?? fullBucket(limit, nowMs), nowMs);
    this.#buckets.delete(key); // re-inserted last: the map's order is least recently seen first
    this.#buckets.set(key, { bucket: taken.bucket, limit });
    // Beyond maxKeys, full (idle) buckets are forgotten first, then the least recently seen busy ones
    // (they start again with a full bucket).
    trimMap(this.#buckets, this.options.maxKeys ?? 10_000, ({ bucket, limit }) => isIdle(limit, bucket, nowMs));
    return Promise.resolve(taken.allowed ? { allowed: true } : { allowed: false, retryAfterMs: taken.retryAfterMs });
  }
}
