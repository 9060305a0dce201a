// Pure formatting helpers: no DOM, no React, so they are unit-tested in test/web/.

export interface MoneyLike {
  readonly currencyCode: string;
  readonly amountMinor: bigint | number;
}

/** Digits after the decimal point in a currency (JPY 0, EUR 2, BHD 3), from Intl. */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** "€1,234.50" from minor units, in the money's own currency. Exact for any int64 amount. */
export function formatMoney(money: MoneyLike | undefined, locale?: string): string {
  if (!money || money.currencyCode === '') return '—';
  const digits = currencyDigits(money.currencyCode);
  const minor = BigInt(money.amountMinor);
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const scale = 10n ** BigInt(digits);
  const whole = abs / scale;
  const fraction = (abs % scale).toString().padStart(digits, '0');
  // Intl accepts a decimal string, so no float ever touches the amount.
  const decimal = `${negative ? '-' : ''}${whole}${digits > 0 ? `.${fraction}` : ''}`;
  return new Intl.NumberFormat(locale, { style: 'currency', currency: money.currencyCode }).format(decimal as unknown as number);
}

/** Minor units from what an admin types ("120", "120.5", "1,200.00"); undefined when it is not an amount. */
export function parseMoneyInput(text: string, currency: string): bigint | undefined {
  const digits = currencyDigits(currency);
  const cleaned = text.trim().replaceAll(',', '').replaceAll(' ', '');
  const match = /^(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!match) return undefined;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return undefined;
  return BigInt(match[1]!) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0');
}

/** "Sun, 14 Mar 2027" for a hotel night (YYYY-MM-DD has no time zone: it is shown as written). */
export function formatNight(date: string, locale?: string): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return date;
  return new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/** An instant (RFC 3339) as the hotel's wall clock, e.g. "14 Mar 2027, 15:00 CET". */
export function formatInstant(iso: string, timeZone: string, locale?: string): string {
  if (!iso) return '—';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: timeZone || 'UTC',
    timeZoneName: 'short',
  }).format(at);
}

/** "850 m" below one kilometre, "3.4 km" below 100, then whole kilometres. */
export function formatDistance(km: number): string {
  if (km < 1) return `${Math.round(km * 1000)} m`;
  if (km < 100) return `${km.toFixed(1)} km`;
  return `${Math.round(km)} km`;
}

/** "Free wifi" from "free_wifi": amenity codes are lower snake case. */
export function amenityLabel(code: string): string {
  const words = code.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "2 nights", "1 night". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
