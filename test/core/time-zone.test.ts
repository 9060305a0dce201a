import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateInZone } from '../../src/core/time/time-zone.js';

// Zones with quarter- and half-hour offsets, the date line's both sides, and DST.
const ZONES = ['Europe/Paris', 'Asia/Kathmandu', 'Pacific/Chatham', 'Australia/Eucla', 'America/St_Johns', 'Etc/GMT+12', 'Pacific/Kiritimati', 'America/New_York', 'UTC'];

/** The date in the zone computed afresh, the definition dateInZone remembers. */
const fresh = (instant: Date, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);

describe('dateInZone', () => {
  it('answers as a fresh computation would, for instants in any order, around local midnights too', () => {
    const start = Date.UTC(2000, 0, 1);
    const end = Date.UTC(2100, 0, 1);
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: start, max: end }),
        // Then instants close to the first (same or neighbouring minutes, either side of a midnight).
        fc.array(fc.integer({ min: -180_000, max: 180_000 }), { minLength: 1, maxLength: 8 }),
        (zone, first, steps) => {
          for (const t of [first, ...steps.map((s) => first + s)]) {
            const instant = new Date(t);
            expect(dateInZone(instant, zone).toString()).toBe(fresh(instant, zone));
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('turns the date exactly at local midnight, in a zone 5:45 ahead of UTC', () => {
    // 2030-03-01 00:00 in Kathmandu is 2030-02-28 18:15 UTC.
    const midnight = Date.UTC(2030, 1, 28, 18, 15);
    expect(dateInZone(new Date(midnight - 1), 'Asia/Kathmandu').toString()).toBe('2030-02-28');
    expect(dateInZone(new Date(midnight), 'Asia/Kathmandu').toString()).toBe('2030-03-01');
    expect(dateInZone(new Date(midnight - 1), 'Asia/Kathmandu').toString()).toBe('2030-02-28');
  });
});
