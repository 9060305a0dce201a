import { describe, expect, it } from 'vitest';
import { JoseTokenSigner } from '../../../src/adapters/crypto/jose-token-signer.js';
import { ScryptHasher } from '../../../src/adapters/crypto/scrypt-hasher.js';
import { pruneKeySet, rotateKeySet } from '../../../src/app/token-keys.js';
import type { TokenClaims } from '../../../src/ports/credentials.js';

const claims: TokenClaims = { sub: 'acc_1', kind: 'guest', use: 'access', scopes: [], version: 0 };
const signer = (keys: Awaited<ReturnType<typeof rotateKeySet>>, issuer = 'https://hotel.test') =>
  JoseTokenSigner.create({ keys, issuer: () => issuer, audience: 'hotel.v1', now: () => new Date() });

describe('token key rotation', () => {
  it('keeps verifying tokens of the previous key after a rotation, and stops once it is dropped', async () => {
    const first = await rotateKeySet([]);
    const old = await (await signer(first)).sign(claims, 600);
    const rotated = await rotateKeySet(first);
    const afterRotation = await signer(rotated);
    expect(await afterRotation.verify(old.token)).toEqual(claims);
    const fresh = await afterRotation.sign(claims, 600);
    expect(JSON.parse(Buffer.from(fresh.token.split('.')[0]!, 'base64url').toString()).kid).toBe(rotated[0]!.kid);
    expect(afterRotation.jwks.keys.map((k) => k.kid)).toEqual(rotated.map((k) => k.kid));
    expect(JSON.stringify(afterRotation.jwks)).not.toContain('"d"');

    const pruned = await signer(pruneKeySet(rotated, first[0]!.kid));
    expect(await pruned.verify(old.token)).toBeUndefined();
    expect(await pruned.verify(fresh.token)).toEqual(claims);
    expect(() => pruneKeySet(rotated, rotated[0]!.kid)).toThrow(/signing/);
  });

  it('refuses tokens of another issuer', async () => {
    const keys = await rotateKeySet([]);
    const token = await (await signer(keys, 'https://elsewhere.test')).sign(claims, 600);
    expect(await (await signer(keys)).verify(token.token)).toBeUndefined();
  });
});

describe('scrypt secret hashing', () => {
  it('verifies the secret it hashed, nothing else, and never throws on a malformed hash', async () => {
    const hasher = new ScryptHasher(10);
    const hash = await hasher.hash('correct horse battery');
    expect(hash).toMatch(/^scrypt\$10\$8\$1\$/);
    expect(await hasher.hash('correct horse battery')).not.toBe(hash); // salted
    expect(await hasher.verify('correct horse battery', hash)).toBe(true);
    expect(await hasher.verify('correct horse batterY', hash)).toBe(false);
    for (const bad of ['', 'scrypt$99$8$1$x$y', 'bcrypt$...', hash.slice(0, -10), 'scrypt$10$8$1$$']) expect(await hasher.verify('x', bad)).toBe(false);
  });
});
