/**
 * Token-bucket rate limiting, as arithmetic on plain values (the clock and the map of buckets live in
 * the adapter). A bucket holds up to `burst` tokens and gains `perSecond` tokens a second; a call
 * takes one. When none is left the caller is told how long until one is: the RetryInfo delay.
 */
export interface RateLimit {
  /** Sustained calls per second; 0 means unlimited. */
  readonly perSecond: number;
  /** Calls allowed at once after a quiet period (bucket size), >= 1. */
  readonly burst: number;
}

export interface Bucket {
  readonly tokens: number;
  readonly updatedAtMs: number;
}

export type Take = { readonly allowed: true; readonly bucket: Bucket } | { readonly allowed: false; readonly bucket: Bucket; readonly retryAfterMs: number };

/** A bucket seen for the first time is full. */
export function fullBucket(limit: RateLimit, nowMs: number): Bucket {
  return { tokens: limit.burst, updatedAtMs: nowMs };
}

export function takeToken(limit: RateLimit, bucket: Bucket, nowMs: number): Take {
  if (limit.perSecond <= 0) return { allowed: true, bucket };
  // A clock that steps back never mints tokens.
  const elapsedMs = Math.max(0, nowMs - bucket.updatedAtMs);
  const tokens = Math.min(limit.burst, bucket.tokens + (elapsedMs * limit.perSecond) / 1000);
  const refilled = { tokens, updatedAtMs: Math.max(nowMs, bucket.updatedAtMs) };
  if (tokens >= 1) return { allowed: true, bucket: { ...refilled, tokens: tokens - 1 } };
  return { allowed: false, bucket: refilled, retryAfterMs: Math.ceil(((1 - tokens) * 1000) / limit.perSecond) };
}

/** A bucket that has refilled completely carries no information and can be forgotten. */
export function isIdle(limit: RateLimit, bucket: Bucket, nowMs: number): boolean {
  return limit.perSecond <= 0 || bucket.tokens + ((nowMs - bucket.updatedAtMs) * limit.perSecond) / 1000 >= limit.burst;
}
