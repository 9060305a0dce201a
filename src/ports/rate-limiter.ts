import type { RateLimit } from '../core/access/token-bucket.js';

export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number };

/**
 * Where token buckets live: this process's memory (one replica) or a store every replica shares
 * (Redis). Either way the arithmetic is the core's `takeToken`: a bucket holds up to `burst`
 * tokens, gains `perSecond` a second and starts full; a call takes one, or is told how long until
 * one is there. `nowMs` comes from the caller's clock, so the adapters never read a clock themselves.
 */
export interface RateLimiter {
  /** Takes one token from the bucket named `key`. Rejects when the store cannot be reached. */
  take(key: string, limit: RateLimit, nowMs: number): Promise<RateDecision>;
}
