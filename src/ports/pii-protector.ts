/**
 * Protects personal data at rest: guest and account names, emails and phone numbers are stored
 * sealed (encrypted and authenticated, each value naming the key that sealed it so keys can rotate),
 * and emails are looked up through a keyed blind index instead of the plaintext.
 */
export interface PiiProtector {
  /** Encrypts one field value; the result names the key it was sealed with. */
  seal(plaintext: string): string;
  /** The plaintext of a value made by `seal` under any configured key; throws if it was tampered with. */
  open(sealed: string): string;
  /** A deterministic keyed hash of the normalised (trimmed, lower-cased) email, for equality lookups. */
  emailIndex(email: string): string;
  /** True when the value is plaintext or sealed under a key other than the active one. */
  isStale(sealed: string): boolean;
}
