import { CalendarDate } from './calendar-date.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat | undefined {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      // en-CA formats dates as YYYY-MM-DD.
      formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      return undefined;
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True for IANA zone names the runtime knows ("Europe/Paris", "UTC"). */
export const isValidTimeZone = (timeZone: string): boolean =>
  timeZone.length > 0 && formatterFor(timeZone) !== undefined;

/** The calendar date at `instant` in `timeZone`: "today" for a hotel. */
export function dateInZone(instant: Date, timeZone: string): CalendarDate {
  const formatter = formatterFor(timeZone);
  if (!formatter) throw new RangeError(`unknown time zone ${timeZone}`);
  const date = CalendarDate.parse(formatter.format(instant));
  if (!date) throw new RangeError(`cannot read date of ${instant.toISOString()} in ${timeZone}`);
  return date;
}
