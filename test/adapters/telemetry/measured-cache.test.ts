import { describe, expect, it } from 'vitest';
import { MemoryAvailabilityCache } from '../../../src/adapters/cache/memory-availability-cache.js';
import { measuredAvailabilityCache } from '../../../src/adapters/telemetry/measured-availability-cache.js';
import { ServiceMetrics } from '../../../src/adapters/telemetry/metrics.js';
import { CalendarDate } from '../../../src/core/time/calendar-date.js';
import { DateRange } from '../../../src/core/time/date-range.js';
import type { AvailabilityCache } from '../../../src/ports/availability-cache.js';
import { find, parseSamples } from './prometheus-text.js';

const stay = DateRange.of(CalendarDate.parse('2030-03-01')!, CalendarDate.parse('2030-03-03')!)!;
const a = { hotelId: 'h1', roomTypeId: 'a' };
const b = { hotelId: 'h1', roomTypeId: 'b' };

async function lookups(metrics: ServiceMetrics) {
  const samples = parseSamples(await metrics.scrape());
  return Object.fromEntries(['hit', 'miss', 'error'].map((result) => [result, find(samples, 'hotel_cache_lookups_total', { cache: 'availability', result })[0]?.value ?? 0]));
}

describe('the measured availability cache', () => {
  it('counts hits and misses per room type looked up, over the real in-memory cache', async () => {
    const metrics = new ServiceMetrics({ defaultMetrics: false });
    const cache = measuredAvailabilityCache(new MemoryAvailabilityCache({ ttlMs: 60_000 }), metrics);
    const [first] = await cache.read([a], stay);
    await cache.write([{ ref: a, version: first!.version, nights: [] }], stay);
    const second = await cache.read([a, b], stay);
    expect(second.map((r) => r.nights !== undefined)).toEqual([true, false]);
    expect(await lookups(metrics)).toEqual({ hit: 1, miss: 2, error: 0 });
    await cache.invalidate([a]);
    await cache.read([a], stay);
    expect(await lookups(metrics)).toEqual({ hit: 1, miss: 3, error: 0 });
  });

  it('counts a failed read as errors and still fails it (the caller bypasses the cache)', async () => {
    const metrics = new ServiceMetrics({ defaultMetrics: false });
    const down: AvailabilityCache = {
      read: () => Promise.reject(new Error('redis is down')),
      write: () => Promise.resolve(),
      invalidate: () => Promise.resolve(),
    };
    await expect(measuredAvailabilityCache(down, metrics).read([a, b], stay)).rejects.toThrow('redis is down');
    expect(await lookups(metrics)).toEqual({ hit: 0, miss: 0, error: 2 });
  });
});
