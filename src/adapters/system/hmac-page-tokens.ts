import { createHmac, createSecretKey, type KeyObject, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PagePosition, PageTokens } from '../../ports/page-tokens.js';

/** Tokens remembered for reuse (oldest dropped first). */
const ISSUED_KEPT = 10_000;

/**
 * Page tokens as `<position>.<mac>`, both base64url: the position in JSON, and an HMAC-SHA256 over
 * the scope and the position under a server key. The scope is not in the token, only in the MAC, so
 * a token used with other filters fails like an altered one. Replicas must share the key
 * (PAGE_TOKEN_SECRET); without one, a random key makes tokens valid in this process only.
 */
export class HmacPageTokens implements PageTokens {
  // Imported once: createHmac given a Buffer imports the key again on every call.
  private readonly key: KeyObject;
  private readonly issued = new Map<string, string>();

  constructor(key: Uint8Array = randomBytes(32)) {
    if (key.length < 16) throw new RangeError('a page token key needs at least 16 bytes');
    this.key = createSecretKey(Buffer.from(key));
  }

  issue(scope: string, position: PagePosition): string {
    const json = JSON.stringify(position);
    // A token is a function of its scope and position: the same search's next page gets the same
    // token, so popular searches reuse it instead of computing the HMAC again.
    const key = `${json}\u0000${scope}`;
    const known = this.issued.get(key);
    if (known !== undefined) return known;
    const payload = Buffer.from(json).toString('base64url');
    const token = `${payload}.${this.mac(scope, payload).toString('base64url')}`;
    // Maps iterate in insertion order: past the bound, the oldest goes.
    if (this.issued.size >= ISSUED_KEPT) this.issued.delete(this.issued.keys().next().value!);
    this.issued.set(key, token);
    return token;
  }

  read(scope: string, token: string): PagePosition | undefined {
    const [payload, mac, ...rest] = token.split('.');
    if (payload === undefined || mac === undefined || rest.length > 0) return undefined;
    const given = Buffer.from(mac, 'base64url');
    const expected = this.mac(scope, payload);
    // Canonical base64url only: a token re-encoded differently is not the one we issued.
    if (given.toString('base64url') !== mac || given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    let position: unknown;
    try {
      position = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    return Array.isArray(position) && position.every((p) => typeof p === 'string' || typeof p === 'number') ? (position as PagePosition) : undefined;
  }

  private mac(scope: string, payload: string): Buffer {
    return createHmac('sha256', this.key).update(scope).update('\n').update(payload).digest();
  }
}
