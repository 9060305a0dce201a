import type { PiiProtector } from '../../ports/pii-protector.js';

/**
 * Fields of JSON documents (outbox payloads, partner-feed snapshots) that hold a guest's personal
 * data: sealed in the stored document, opened when it is read back.
 */
export const PII_JSON_FIELDS = ['guestName', 'guestEmail'] as const;

function mapFields(document: unknown, map: (value: string) => string): unknown {
  if (typeof document !== 'object' || document === null) return document;
  const record = document as Record<string, unknown>;
  if (!PII_JSON_FIELDS.some((f) => typeof record[f] === 'string')) return document;
  const copy: Record<string, unknown> = { ...record };
  for (const field of PII_JSON_FIELDS) {
    const value = copy[field];
    if (typeof value === 'string') copy[field] = map(value);
  }
  return copy;
}

/** A copy of `document` with its guest fields sealed (the same object when it has none). */
export const sealPiiFields = <T>(document: T, pii: PiiProtector): T => mapFields(document, (v) => pii.seal(v)) as T;

/** A copy of `document` with its guest fields opened (plaintext from before encryption passes through). */
export const openPiiFields = <T>(document: T, pii: PiiProtector): T => mapFields(document, (v) => pii.open(v)) as T;
