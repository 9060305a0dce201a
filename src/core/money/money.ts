const CURRENCY = /^[A-Z]{3}$/;

/** An amount in integer minor units of an ISO 4217 currency. Never floating point. */
export class Money {
  private constructor(
    readonly amountMinor: number,
    readonly currency: string,
  ) {}

  /** Throws on a non-integer amount or malformed currency: callers validate input before building money. */
  static of(amountMinor: number, currency: string): Money {
    if (!Number.isSafeInteger(amountMinor)) throw new RangeError(`amount must be a safe integer, got ${amountMinor}`);
    if (!CURRENCY.test(currency)) throw new RangeError(`currency must be an ISO 4217 code, got ${currency}`);
    return new Money(amountMinor, currency);
  }

  static zero(currency: string): Money {
    return Money.of(0, currency);
  }

  static isCurrencyCode(code: string): boolean {
    return CURRENCY.test(code);
  }

  add(other: Money): Money {
    if (other.currency !== this.currency) throw new RangeError(`cannot add ${other.currency} to ${this.currency}`);
    return Money.of(this.amountMinor + other.amountMinor, this.currency);
  }

  static sum(amounts: readonly Money[], currency: string): Money {
    return amounts.reduce((total, m) => total.add(m), Money.zero(currency));
  }

  equals(other: Money): boolean {
    return this.amountMinor === other.amountMinor && this.currency === other.currency;
  }

  toString(): string {
    return `${this.amountMinor} ${this.currency} (minor units)`;
  }
}
