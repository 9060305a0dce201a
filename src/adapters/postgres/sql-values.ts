import { CalendarDate } from '../../core/time/calendar-date.js';

// MikroORM's `em.execute(sql, params)` does not send bind parameters: it inlines each `?` as an
// escaped literal (strings quoted, arrays expanded to comma lists). These helpers keep raw SQL
// independent of that: arrays travel as one Postgres array literal, cast in the SQL.

/** A Postgres array literal (`{"a","b"}`) for `?::text[]`; safe for any text. */
export function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}

/** A `date` column as `em.execute` returns it (YYYY-MM-DD text). */
export function toCalendarDate(value: unknown): CalendarDate {
  const date = typeof value === 'string' ? CalendarDate.parse(value) : undefined;
  if (!date) throw new Error(`expected a date column, got ${String(value)}`);
  return date;
}

/** A `timestamptz` column as `em.execute` returns it (text with offset) or as the ORM maps it. */
export function toInstant(value: unknown): Date {
  const instant = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(instant.getTime())) throw new Error(`expected a timestamptz column, got ${String(value)}`);
  return instant;
}

/** A `bigint` column (text from `pg`) holding an amount that fits in a safe integer. */
export function toSafeInteger(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`expected a safe integer, got ${String(value)}`);
  return n;
}

/** Affected-row count of a statement run with method 'run'. */
export interface RunResult {
  readonly affectedRows: number;
  readonly rows?: Record<string, unknown>[];
}

/**
 * Postgres refuses subnormal doubles (|x| < 2.2e-308) with "value out of range: underflow"; they are
 * zero for any coordinate or radius we store or search with.
 */
export const flushSubnormal = (x: number): number => (Math.abs(x) < Number.MIN_VALUE * 2 ** 52 ? 0 : x);

/** A double for `?::float8`, as quoted text: MikroORM inlines numbers, and `- -1` or `--1` must never appear. */
export const float8 = (x: number): string => {
  if (!Number.isFinite(x)) throw new RangeError(`expected a finite number, got ${x}`);
  return String(flushSubnormal(x));
};
