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

const MINUTE_MS = 60_000;
/** The last answer per zone and the UTC minute it holds for. */
const lastDates = new Map<string, { minute: number; date: CalendarDate }>();

/**
 * The calendar date at `instant` in `timeZone`: "today" for a hotel.
 *
 * Remembered per zone for the rest of the UTC minute: every zone's offset is a whole number of
 * minutes (today's are multiples of 15), so its dates change only at the start of a UTC minute.
 * A search asks for "today" in each candidate's zone, and formatting a date in a zone costs
 * microseconds each time.
 */
export function dateInZone(instant: Date, timeZone: string): CalendarDate {
  const minute = Math.floor(instant.getTime() / MINUTE_MS);
  const last = lastDates.get(timeZone);
  if (last?.minute === minute) return last.date;
  const formatter = formatterFor(timeZone);
  if (!formatter) throw new RangeError(`unknown time zone ${timeZone}`);
  const date = CalendarDate.parse(formatter.format(instant));
  if (!date) throw new RangeError(`cannot read date of ${instant.toISOString()} in ${timeZone}`);
  lastDates.set(timeZone, { minute, date });
  return date;
}
