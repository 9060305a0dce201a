import type { Logger } from 'pino';
import { MemoryRateLimiter } from '../adapters/cache/memory-rate-limiter.js';
import { connectRedisRateLimiter } from '../adapters/cache/redis-rate-limiter.js';
import type { RateLimiter } from '../ports/rate-limiter.js';
import type { Config } from './config.js';

/** REDIS_URL: buckets shared by every API replica (the limit is cluster-wide); unset: per process. */
export async function rateLimiter(config: Config, log: Logger): Promise<{ limiter: RateLimiter; close(): Promise<void> }> {
  const enabled = Object.values(config.rateLimits).some((limit) => limit.perSecond > 0);
  if (!config.redisUrl || !enabled) return { limiter: new MemoryRateLimiter(), close: async () => undefined };
  const redis = await connectRedisRateLimiter({ url: config.redisUrl, prefix: 'hotel:ratelimit' });
  log.info({ limits: config.rateLimits }, 'rate-limit buckets in Redis');
  return redis;
}

/**
 * What the API does when the buckets' store fails: lets the call through (fail open), counts it,
 * and logs a warning at most once every `quietMs` so that a Redis outage does not flood the log.
 */
export function limiterFailureReporter(log: Logger, count: () => void, now: () => number, quietMs = 60_000): (error: unknown) => void {
  let lastLoggedAt = -Infinity;
  let suppressed = 0;
  return (error) => {
    count();
    if (now() - lastLoggedAt < quietMs) {
      suppressed += 1;
      return;
    }
    log.warn({ err: error, suppressed }, 'rate limiter unavailable: calls are let through unlimited until it answers again');
    lastLoggedAt = now();
    suppressed = 0;
  };
}
