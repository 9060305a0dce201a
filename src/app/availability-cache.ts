import type { Logger } from 'pino';
import { MemoryAvailabilityCache } from '../adapters/cache/memory-availability-cache.js';
import { connectRedisAvailabilityCache } from '../adapters/cache/redis-availability-cache.js';
import type { AvailabilityCache } from '../ports/availability-cache.js';
import type { Config } from './config.js';

/** REDIS_URL: one cache shared by every API process; unset: this process's memory (one process only). */
export async function availabilityCache(config: Config, log: Logger): Promise<{ cache: AvailabilityCache; close(): Promise<void> }> {
  if (!config.redisUrl) return { cache: new MemoryAvailabilityCache({ ttlMs: config.availabilityCacheTtlMs }), close: async () => undefined };
  const redis = await connectRedisAvailabilityCache({ url: config.redisUrl, prefix: 'hotel:availability', ttlMs: config.availabilityCacheTtlMs });
  log.info({ ttlMs: config.availabilityCacheTtlMs }, 'availability cache in Redis');
  return redis;
}
