import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Money } from '../../src/core/money/money.js';

describe('Money', () => {
  it('sums integer minor units exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100_000_000 }), { maxLength: 400 }), (amounts) => {
        const total = Money.sum(amounts.map((a) => Money.of(a, 'EUR')), 'EUR');
        expect(total.amountMinor).toBe(amounts.reduce((a, b) => a + b, 0));
      }),
    );
  });

  it('refuses fractions, unsafe integers, bad currencies and mixed currencies', () => {
    expect(() => Money.of(1.5, 'EUR')).toThrow(RangeError);
    expect(() => Money.of(2 ** 60, 'EUR')).toThrow(RangeError);
    expect(() => Money.of(1, 'eur')).toThrow(RangeError);
    expect(() => Money.of(1, 'EUR').add(Money.of(1, 'USD'))).toThrow(RangeError);
  });
});
