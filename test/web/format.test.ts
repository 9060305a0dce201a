import { describe, expect, it } from 'vitest';
import { amenityLabel, currencyDigits, formatDistance, formatInstant, formatMoney, formatNight, parseMoneyInput, plural } from '../../web/src/lib/format.js';

describe('formatMoney', () => {
  it.each([
    [{ currencyCode: 'EUR', amountMinor: 12_345n }, 'en-US', '€123.45'],
    [{ currencyCode: 'EUR', amountMinor: 5n }, 'en-US', '€0.05'],
    [{ currencyCode: 'JPY', amountMinor: 21_000n }, 'en-US', '¥21,000'],
    [{ currencyCode: 'BHD', amountMinor: 1_234n }, 'en-US', 'BHD 1.234'],
    [{ currencyCode: 'USD', amountMinor: -250n }, 'en-US', '-$2.50'],
    [{ currencyCode: 'EUR', amountMinor: 123_456n }, 'de-DE', '1.234,56 €'],
  ])('%o in %s is %s', (money, locale, expected) => {
    expect(formatMoney(money, locale).replaceAll('\u00a0', ' ')).toBe(expected);
  });

  it('is exact beyond the range of floating point', () => {
    expect(formatMoney({ currencyCode: 'USD', amountMinor: 9_007_199_254_740_993n }, 'en-US')).toBe('$90,071,992,547,409.93');
  });

  it('shows a dash for a missing amount', () => {
    expect(formatMoney(undefined)).toBe('—');
    expect(formatMoney({ currencyCode: '', amountMinor: 0n })).toBe('—');
  });
});

describe('parseMoneyInput', () => {
  it.each([
    ['120', 'EUR', 12_000n],
    ['120.5', 'EUR', 12_050n],
    ['1,200.00', 'EUR', 120_000n],
    [' 99.99 ', 'USD', 9_999n],
    ['21000', 'JPY', 21_000n],
    ['1.234', 'BHD', 1_234n],
  ])('%s %s is %s minor units', (text, currency, minor) => {
    expect(parseMoneyInput(text, currency)).toBe(minor);
  });

  it.each([['', 'EUR'], ['abc', 'EUR'], ['1.234', 'EUR'], ['-5', 'EUR'], ['1.5', 'JPY'], ['1e3', 'EUR']])('refuses %s in %s', (text, currency) => {
    expect(parseMoneyInput(text, currency)).toBeUndefined();
  });

  it('round-trips with formatMoney', () => {
    expect(formatMoney({ currencyCode: 'GBP', amountMinor: parseMoneyInput('1,234.5', 'GBP') ?? 0n }, 'en-GB')).toBe('£1,234.50');
  });
});

describe('dates and other labels', () => {
  it('shows a hotel night as written, whatever the browser time zone', () => {
    expect(formatNight('2027-03-14', 'en-GB')).toBe('Sun, 14 Mar 2027');
    expect(formatNight('not a date')).toBe('not a date');
  });

  it('shows an instant on the hotel wall clock', () => {
    expect(formatInstant('2027-03-14T23:30:00Z', 'Asia/Tokyo', 'en-GB')).toContain('15 Mar 2027, 08:30');
    expect(formatInstant('2027-03-14T23:30:00Z', 'America/New_York', 'en-GB')).toContain('14 Mar 2027, 19:30');
    expect(formatInstant('', 'UTC')).toBe('—');
  });

  it('formats distances, amenities, counts and currency digits', () => {
    expect(formatDistance(0.85)).toBe('850 m');
    expect(formatDistance(3.44)).toBe('3.4 km');
    expect(formatDistance(250.4)).toBe('250 km');
    expect(amenityLabel('air_conditioning')).toBe('Air conditioning');
    expect(plural(1, 'night')).toBe('1 night');
    expect(plural(3, 'child', 'children')).toBe('3 children');
    expect([currencyDigits('EUR'), currencyDigits('JPY'), currencyDigits('KWD')]).toEqual([2, 0, 3]);
  });
});
