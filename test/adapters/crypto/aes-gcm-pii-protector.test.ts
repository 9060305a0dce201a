import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AesGcmPiiProtector,
  keyRingOf,
  newKeyFile,
  PiiKeyError,
  PiiSealError,
} from '../../../src/adapters/crypto/aes-gcm-pii-protector.js';
import { randomKey, testKeyRing } from '../../support/pii.js';

const b64 = (key: Buffer) => key.toString('base64');

describe('AesGcmPiiProtector', () => {
  it('round-trips any text, sealed as pii1.<keyId>.<base64url> and never containing the plaintext', () => {
    const pii = new AesGcmPiiProtector(testKeyRing(['k1']));
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        const sealed = pii.seal(text);
        expect(sealed).toMatch(/^pii1\.k1\.[A-Za-z0-9_-]+$/);
        if (text.length >= 4) expect(sealed).not.toContain(text);
        expect(pii.open(sealed)).toBe(text);
        expect(pii.isStale(sealed)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('seals the same value differently each time (random IV)', () => {
    const pii = new AesGcmPiiProtector(testKeyRing());
    const sealed = new Set(Array.from({ length: 50 }, () => pii.seal('ada@example.com')));
    expect(sealed.size).toBe(50);
  });

  it('refuses a tampered value: any changed byte of IV, ciphertext or tag fails authentication', () => {
    const pii = new AesGcmPiiProtector(testKeyRing(['k1']));
    const sealed = pii.seal('Ada Lovelace');
    const body = Buffer.from(sealed.split('.')[2]!, 'base64url');
    for (let i = 0; i < body.length; i++) {
      const altered = Buffer.from(body);
      altered[i] = altered[i]! ^ 0x01;
      expect(() => pii.open(`pii1.k1.${altered.toString('base64url')}`)).toThrow(PiiSealError);
    }
    expect(() => pii.open(`pii1.k1.${body.subarray(0, 20).toString('base64url')}`)).toThrow(PiiSealError);
    expect(() => pii.open('pii1.k1')).toThrow(PiiSealError);
    expect(() => pii.open(`${sealed}.extra`)).toThrow(PiiSealError);
  });

  it('binds the key id: a value relabelled with another configured key id does not open', () => {
    const ring = testKeyRing(['k1', 'k2'], 'k1');
    // Same key bytes under both ids: only the authenticated key id tells them apart.
    const same = { ...ring, keys: new Map([['k1', ring.keys.get('k1')!], ['k2', ring.keys.get('k1')!]]) };
    const pii = new AesGcmPiiProtector(same);
    const sealed = pii.seal('Ada Lovelace');
    expect(() => pii.open(sealed.replace('pii1.k1.', 'pii1.k2.'))).toThrow(/failed authentication/);
  });

  it('names an unknown key id, and opens values of every configured key while sealing with the active one', () => {
    const ring = testKeyRing(['old', 'new'], 'old');
    const before = new AesGcmPiiProtector(ring);
    const sealedOld = before.seal('ada@example.com');
    const after = new AesGcmPiiProtector({ ...ring, activeKeyId: 'new' });
    expect(after.open(sealedOld)).toBe('ada@example.com');
    expect(after.isStale(sealedOld)).toBe(true);
    expect(after.seal('x')).toMatch(/^pii1\.new\./);
    const onlyNew = new AesGcmPiiProtector({ ...ring, keys: new Map([['new', ring.keys.get('new')!]]), activeKeyId: 'new' });
    expect(() => onlyNew.open(sealedOld)).toThrow('sealed value names key "old", which is not configured');
  });

  it('passes legacy plaintext through open and reports it stale', () => {
    const pii = new AesGcmPiiProtector(testKeyRing());
    expect(pii.open('ada@example.com')).toBe('ada@example.com');
    expect(pii.isStale('ada@example.com')).toBe(true);
  });

  it('indexes emails deterministically under the index key, normalised (trimmed, lower-cased)', () => {
    const indexKey = randomKey();
    const a = new AesGcmPiiProtector(testKeyRing(['k1'], 'k1', indexKey));
    const b = new AesGcmPiiProtector(testKeyRing(['k2'], 'k2', indexKey));
    expect(a.emailIndex('Ada@Example.com')).toBe(a.emailIndex('  ada@example.COM '));
    expect(a.emailIndex('ada@example.com')).toBe(b.emailIndex('ada@example.com'));
    expect(a.emailIndex('ada@example.com')).not.toBe(a.emailIndex('bob@example.com'));
    expect(a.emailIndex('ada@example.com')).not.toContain('ada');
    const otherIndexKey = new AesGcmPiiProtector(testKeyRing(['k1']));
    expect(otherIndexKey.emailIndex('ada@example.com')).not.toBe(a.emailIndex('ada@example.com'));
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        expect(a.emailIndex(email.toUpperCase())).toBe(a.emailIndex(` ${email} `));
      }),
    );
  });
});

describe('PII key configuration', () => {
  it('reads id:base64key lists, a key file, and lets the environment pick the active key', () => {
    const file = newKeyFile('f1');
    const k2 = b64(randomKey());
    const ring = keyRingOf({ file, keyList: `k2:${k2}`, activeKeyId: 'k2' });
    expect([...ring.keys.keys()]).toEqual(['f1', 'k2']);
    expect(ring.activeKeyId).toBe('k2');
    expect(keyRingOf({ file }).activeKeyId).toBe('f1');
    expect(keyRingOf({ keyList: `only:${k2}`, indexKey: b64(randomKey()) }).activeKeyId).toBe('only');
  });

  it('says clearly what is wrong, never printing a key', () => {
    const good = b64(randomKey());
    const index = b64(randomKey());
    const short = b64(randomKey().subarray(0, 16));
    const message = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        expect(error).toBeInstanceOf(PiiKeyError);
        return (error as Error).message;
      }
      throw new Error('expected a PiiKeyError');
    };
    expect(message(() => keyRingOf({ keyList: `k1:${short}`, indexKey: index }))).toBe('PII key "k1" must be 32 bytes (base64 of 32 random bytes), got 16');
    expect(message(() => keyRingOf({ keyList: `k1:${good}`, activeKeyId: 'k9', indexKey: index }))).toBe('active PII key "k9" is not among the configured keys (k1)');
    expect(message(() => keyRingOf({ keyList: `k1:${good},k2:${good}`, indexKey: index }))).toContain('set PII_ACTIVE_KEY_ID');
    expect(message(() => keyRingOf({ keyList: `k1:${good}` }))).toContain('no PII index key');
    expect(message(() => keyRingOf({ keyList: `k1:${good}`, indexKey: short }))).toBe('the PII index key must be at least 32 bytes, got 16');
    expect(message(() => keyRingOf({ keyList: good, indexKey: index }))).toContain('id:base64key');
    expect(message(() => keyRingOf({ keyList: `k1:not base64!`, indexKey: index }))).toBe('PII key "k1" is not base64');
    expect(message(() => keyRingOf({ keyList: `bad id:${good}`, indexKey: index }))).toContain('must be 1-32 letters');
    for (const text of [short, good, index]) {
      for (const f of [() => keyRingOf({ keyList: `k1:${short}`, indexKey: index }), () => keyRingOf({ keyList: `k1:${good}`, indexKey: short })]) expect(message(f)).not.toContain(text);
    }
  });
});
