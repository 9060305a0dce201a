import { randomBytes } from 'node:crypto';
import { AesGcmPiiProtector, type PiiKeyRing } from '../../src/adapters/crypto/aes-gcm-pii-protector.js';

/** A fresh random key (32 bytes). */
export const randomKey = (): Buffer => randomBytes(32);

/** A key ring of fresh random keys with the given ids, the first active unless `active` says otherwise. */
export function testKeyRing(ids: readonly string[] = ['test1'], active: string = ids[0] ?? 'test1', indexKey: Buffer = randomKey()): PiiKeyRing {
  return { keys: new Map(ids.map((id) => [id, randomKey()])), activeKeyId: active, indexKey };
}

/** The real AES-GCM protector under fresh random keys: what every Postgres test adapter seals with. */
export const testPii = (): AesGcmPiiProtector => new AesGcmPiiProtector(testKeyRing());

/** PII_* environment variables naming fresh random keys, for tests that start the whole app. */
export function testPiiEnv(): Record<string, string> {
  return { PII_KEYS: `test1:${randomKey().toString('base64')}`, PII_INDEX_KEY: randomKey().toString('base64') };
}
