import type { AvailabilityCache } from '../../ports/availability-cache.js';
import type { ServiceMetrics } from './metrics.js';

/**
 * An AvailabilityCache that counts, per room type looked up, hits and misses
 * (`hotel_cache_lookups_total{cache,result}`, the hit ratio's two terms) and failed reads
 * (`result="error"`: the caller then bypasses the cache). Wrap the cache given to the caching reader.
 */
export function measuredAvailabilityCache(cache: AvailabilityCache, metrics: ServiceMetrics, name = 'availability'): AvailabilityCache {
  return {
    async read(refs, stay) {
      let found;
      try {
        found = await cache.read(refs, stay);
      } catch (error) {
        metrics.cacheLookups.inc({ cache: name, result: 'error' }, refs.length);
        throw error;
      }
      const hits = found.filter((r) => r.nights !== undefined).length;
      if (hits > 0) metrics.cacheLookups.inc({ cache: name, result: 'hit' }, hits);
      if (found.length > hits) metrics.cacheLookups.inc({ cache: name, result: 'miss' }, found.length - hits);
      return found;
    },
    write: (entries, stay) => cache.write(entries, stay),
    invalidate: (refs) => cache.invalidate(refs),
  };
}
