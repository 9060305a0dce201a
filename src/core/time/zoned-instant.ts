import type { CalendarDate } from './calendar-date.js';

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function offsetMillis(instant: number, timeZone: string): number {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partsFormatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(instant)).map((x) => [x.type, Number(x.value)]));
  const asUtc = Date.UTC(p['year']!, p['month']! - 1, p['day']!, p['hour']!, p['minute']!, p['second']!);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a calendar day starts (00:00) in a time zone. Where a DST change skips midnight,
 * the first instant of the day is returned.
 */
export function startOfDay(date: CalendarDate, timeZone: string): Date {
  const localMidnightAsUtc = date.epochDay * 86_400_000;
  let guess = localMidnightAsUtc - offsetMillis(localMidnightAsUtc, timeZone);
  // One correction handles the offset changing between the guess and the answer (DST).
  guess = localMidnightAsUtc - offsetMillis(guess, timeZone);
  return new Date(guess);
}
