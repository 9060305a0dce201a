import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { SecretHasher } from '../../ports/credentials.js';

const derive = (secret: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) => scrypt(secret.normalize('NFKC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key))));

/**
 * Passwords and client secrets hashed with scrypt (node:crypto, off the event loop in libuv's pool).
 * The hash names its parameters (`scrypt$<log2 N>$<r>$<p>$<salt>$<key>`), so raising the cost later
 * keeps old hashes verifiable. Cost 17 (N = 2^17, r = 8, 128 MiB, ~0.3 s here) follows OWASP's
 * password storage guidance; tests lower it.
 */
export class ScryptHasher implements SecretHasher {
  constructor(private readonly log2Cost = 17) {
    if (!Number.isInteger(log2Cost) || log2Cost < 10 || log2Cost > 20) throw new RangeError(`scrypt cost must be 10..20, got ${log2Cost}`);
  }

  async hash(secret: string): Promise<string> {
    const salt = randomBytes(16);
    const N = 2 ** this.log2Cost;
    const key = await derive(secret, salt, 32, { N, r: 8, p: 1, maxmem: 256 * N * 8 });
    return ['scrypt', this.log2Cost, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
  }

  async verify(secret: string, hash: string): Promise<boolean> {
    const parts = hash.split('$');
    if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
    const [log2, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
    if (![log2, r, p].every(Number.isInteger) || log2 < 10 || log2 > 20 || r < 1 || r > 32 || p < 1 || p > 16) return false;
    const salt = Buffer.from(parts[4] ?? '', 'base64url');
    const expected = Buffer.from(parts[5] ?? '', 'base64url');
    if (salt.length < 8 || expected.length < 16) return false;
    const N = 2 ** log2;
    const actual = await derive(secret, salt, expected.length, { N, r, p, maxmem: 256 * N * r });
    return timingSafeEqual(actual, expected);
  }
}
