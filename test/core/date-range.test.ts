import { describe, expect, it } from 'vitest';
import { CalendarDate } from '../../src/core/time/calendar-date.js';
import { parseRange, STAY_RULES } from '../../src/core/time/date-range.js';

const today = CalendarDate.parse('2030-01-10')!;
const parse = (a: string, b: string) => parseRange(a, b, { start: 'check_in', end: 'check_out' }, { today, ...STAY_RULES });

describe('parseRange (the booking window)', () => {
  it('accepts a stay from today', () => {
    const r = parse('2030-01-10', '2030-01-12');
    expect(r.ok && r.value.nightCount).toBe(2);
    expect(r.ok && r.value.nights().map(String)).toEqual(['2030-01-10', '2030-01-11']);
  });

  it.each([
    ['2030-01-09', '2030-01-12', 'check_in', 'must not be in the past'],
    ['2030-01-12', '2030-01-12', 'check_out', 'must be after check_in'],
    ['2030-01-12', '2030-01-11', 'check_out', 'must be after check_in'],
    ['2030-01-10', '2030-02-10', 'check_out', 'at most 30 nights'],
    ['2031-05-20', '2031-05-26', 'check_out', 'at most 500 days'],
    ['2030-02-30', '2030-03-02', 'check_in', 'real date'],
    ['tomorrow', '2030-03-02', 'check_in', 'YYYY-MM-DD'],
  ])('refuses %s..%s on %s', (a, b, field, text) => {
    const r = parse(a, b);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.map((v) => v.field)).toContain(field);
      expect(r.error.find((v) => v.field === field)?.description).toContain(text);
    }
  });

  it('allows exactly 30 nights and exactly 500 days ahead', () => {
    expect(parse('2030-01-10', '2030-02-09').ok).toBe(true);
    const last = today.addDays(500).toString();
    expect(parse(today.addDays(499).toString(), last).ok).toBe(true);
    expect(parse(today.addDays(500).toString(), today.addDays(501).toString()).ok).toBe(false);
  });

  it('reports both fields when both are malformed', () => {
    const r = parse('x', 'y');
    expect(!r.ok && r.error.map((v) => v.field)).toEqual(['check_in', 'check_out']);
  });
});

describe('DateRange as a value', () => {
  it('stays equal and serialises the same once its nights were asked for (they are remembered outside it)', () => {
    const asked = parse('2030-01-10', '2030-01-13');
    const fresh = parse('2030-01-10', '2030-01-13');
    if (!asked.ok || !fresh.ok) throw new Error('valid ranges expected');
    const nights = asked.value.nights();
    expect(asked.value.nights()).toBe(nights);
    expect(asked.value).toEqual(fresh.value);
    expect(JSON.stringify(asked.value)).toBe(JSON.stringify(fresh.value));
  });
});
