import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarDate } from '../../src/core/time/calendar-date.js';

const MAX_EPOCH_DAY = 2_932_896; // 9999-12-31

describe('CalendarDate', () => {
  it('agrees with the JavaScript Date calendar for every day from 1970 to 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_EPOCH_DAY }), (epochDay) => {
        const expected = new Date(epochDay * 86_400_000).toISOString().slice(0, 10);
        const date = CalendarDate.fromEpochDay(epochDay);
        expect(date.toString()).toBe(expected);
        expect(CalendarDate.parse(expected)?.epochDay).toBe(epochDay);
      }),
    );
  });

  it('adds days as the inverse of daysUntil', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: -1000, max: 1000 }), (day, delta) => {
        const date = CalendarDate.fromEpochDay(day + 1000);
        expect(date.daysUntil(date.addDays(delta))).toBe(delta);
      }),
    );
  });

  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2100-02-29', false],
    ['2000-02-29', true],
    ['2030-04-31', false],
    ['2030-13-01', false],
    ['2030-00-10', false],
    ['2030-1-01', false],
    ['1969-12-31', false],
    [' 2030-01-01', false],
    ['2030-01-01T00:00', false],
    ['', false],
  ])('parses %j: %s', (text, valid) => {
    expect(CalendarDate.parse(text) !== undefined).toBe(valid);
  });
});
