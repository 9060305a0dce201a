import { createHmac, createSecretKey, type KeyObject, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PagePosition, PageTokens } from '../../ports/page-tokens.js';

/**
 * Page tokens as `<position>.<mac>`, both base64url: the position in JSON, and an HMAC-SHA256 over
 * the scope and the position under a server key. The scope is not in the token, only in the MAC, so
 * a token used with other filters fails like an altered one. Replicas must share the key
 * (PAGE_TOKEN_SECRET); without one, a random key makes tokens valid in this process only.
 */
export class HmacPageTokens implements PageTokens {
  // Imported once: createHmac given a Buffer imports the key again on every call.
  private readonly key: KeyObject;

  constructor(key: Uint8Array = randomBytes(32)) {
    if (key.length < 16) throw new RangeError('a page token key needs at least 16 bytes');
    this.key = createSecretKey(Buffer.from(key));
  }

  issue(scope: string, position: PagePosition): string {
    const payload = Buffer.from(JSON.stringify(position)).toString('base64url');
    return `${payload}.${this.mac(scope, payload).toString('base64url')}`;
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
