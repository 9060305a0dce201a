import { CalendarDate } from './calendar-date.js';
import type { FieldViolation } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';

/** Each range's nights once made, outside the object: a DateRange stays a plain value (equality, JSON). */
const nightLists = new WeakMap<DateRange, readonly CalendarDate[]>();

/** A stay: check-in night inclusive, check-out day exclusive, so `nights` is never empty. */
export class DateRange {
  private constructor(
    readonly checkIn: CalendarDate,
    readonly checkOut: CalendarDate,
  ) {}

  /** undefined unless checkIn is strictly before checkOut. */
  static of(checkIn: CalendarDate, checkOut: CalendarDate): DateRange | undefined {
    return checkIn.isBefore(checkOut) ? new DateRange(checkIn, checkOut) : undefined;
  }

  get nightCount(): number {
    return this.checkIn.daysUntil(this.checkOut);
  }

  /** Every night of the range in order (made once per range: searches ask for it per room type). */
  nights(): readonly CalendarDate[] {
    let list = nightLists.get(this);
    if (!list) nightLists.set(this, (list = Array.from({ length: this.nightCount }, (_, i) => this.checkIn.addDays(i))));
    return list;
  }

  equals(other: DateRange): boolean {
    return this.checkIn.equals(other.checkIn) && this.checkOut.equals(other.checkOut);
  }

  toString(): string {
    return `${this.checkIn.toString()}..${this.checkOut.toString()}`;
  }
}

/** Limits on a stay a guest may book, measured in the hotel's own calendar. */
export const STAY_RULES = { minNights: 1, maxNights: 30, maxDaysAhead: 500 } as const;

export interface DateFields {
  readonly start: string;
  readonly end: string;
}

/**
 * Parses two `YYYY-MM-DD` fields into a range and checks it against the booking window:
 * not starting before `today` (the hotel's local date), ending at most `maxDaysAhead` days ahead,
 * and between `minNights` and `maxNights` long. Reports every problem with its field name.
 */
export function parseRange(
  start: string,
  end: string,
  fields: DateFields,
  limits: { readonly today: CalendarDate; readonly maxNights: number; readonly maxDaysAhead: number },
): Result<DateRange, FieldViolation[]> {
  const violations: FieldViolation[] = [];
  const from = CalendarDate.parse(start);
  const to = CalendarDate.parse(end);
  if (!from) violations.push({ field: fields.start, description: 'must be a real date written YYYY-MM-DD' });
  if (!to) violations.push({ field: fields.end, description: 'must be a real date written YYYY-MM-DD' });
  if (!from || !to) return err(violations);

  const range = DateRange.of(from, to);
  if (!range) return err([{ field: fields.end, description: `must be after ${fields.start}` }]);
  if (from.isBefore(limits.today)) {
    violations.push({ field: fields.start, description: `must not be in the past (today is ${limits.today.toString()} at the hotel)` });
  }
  if (range.nightCount > limits.maxNights) {
    violations.push({ field: fields.end, description: `must be at most ${limits.maxNights} nights after ${fields.start}` });
  }
  if (limits.today.daysUntil(to) > limits.maxDaysAhead) {
    violations.push({ field: fields.end, description: `must be at most ${limits.maxDaysAhead} days from today` });
  }
  return violations.length === 0 ? ok(range) : err(violations);
}
