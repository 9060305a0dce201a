// Calendar arithmetic on hotel nights (YYYY-MM-DD, no time zone), done in UTC so no DST shift applies.

const DAY = 86_400_000;

function toUtc(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY);
}

/** Nights from check-in to check-out (check-out exclusive). */
export function nightsBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY);
}

/** Every night from `from` (inclusive) to `to` (exclusive). */
export function nights(from: string, to: string): string[] {
  const out: string[] = [];
  for (let at = from; at < to; at = addDays(at, 1)) out.push(at);
  return out;
}

/** The hotel's current date: "today" at the front desk is the hotel's, not the browser's. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: timeZone || 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** First night of the month holding `date`, and of the month after it: a month view's range. */
export function monthRange(date: string): { from: string; to: string } {
  const [y, m] = date.split('-').map(Number);
  const year = y ?? 1970;
  const month = m ?? 1;
  const from = `${year}-${String(month).padStart(2, '0')}-01`;
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  return { from, to: next };
}

export function isDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && fromUtc(toUtc(text)) === text;
}
