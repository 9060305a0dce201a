const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A day in a calendar, with no time zone: a hotel's night is named by the date it starts on.
 * Stored as days since 1970-01-01 so arithmetic is exact; conversions use the proleptic
 * Gregorian calendar (H. Hinnant's civil-from-days algorithms).
 */
export class CalendarDate {
  private constructor(readonly epochDay: number) {}

  /** Parses a strict `YYYY-MM-DD` between years 1970 and 9999; undefined when malformed or not a real date. */
  static parse(text: string): CalendarDate | undefined {
    const match = ISO_DATE.exec(text);
    if (!match) return undefined;
    return CalendarDate.of(Number(match[1]), Number(match[2]), Number(match[3]));
  }

  static of(year: number, month: number, day: number): CalendarDate | undefined {
    if (![year, month, day].every(Number.isInteger)) return undefined;
    if (year < 1970 || year > 9999 || month < 1 || month > 12) return undefined;
    if (day < 1 || day > daysInMonth(year, month)) return undefined;
    return new CalendarDate(daysFromCivil(year, month, day));
  }

  static fromEpochDay(epochDay: number): CalendarDate {
    if (!Number.isSafeInteger(epochDay)) throw new RangeError(`not an epoch day: ${epochDay}`);
    return new CalendarDate(epochDay);
  }

  addDays(days: number): CalendarDate {
    return CalendarDate.fromEpochDay(this.epochDay + days);
  }

  /** Whole days from this date to `other` (negative when `other` is earlier). */
  daysUntil(other: CalendarDate): number {
    return other.epochDay - this.epochDay;
  }

  isBefore(other: CalendarDate): boolean {
    return this.epochDay < other.epochDay;
  }

  equals(other: CalendarDate): boolean {
    return this.epochDay === other.epochDay;
  }

  toString(): string {
    const { year, month, day } = civilFromDays(this.epochDay);
    return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(epochDay: number): { year: number; month: number; day: number } {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}
