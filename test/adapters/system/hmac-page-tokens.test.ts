import { describe, expect, it } from 'vitest';
import { HmacPageTokens } from '../../../src/adapters/system/hmac-page-tokens.js';

describe('HmacPageTokens', () => {
  const key = Buffer.from('a key of at least sixteen bytes, for tests');
  const tokens = new HmacPageTokens(key);

  it('reads back what it issued, for the same scope only', () => {
    const token = tokens.issue('scope-a', ['2030-04-10', 'res_1', 7]);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(tokens.read('scope-a', token)).toEqual(['2030-04-10', 'res_1', 7]);
    expect(tokens.read('scope-b', token)).toBeUndefined();
    expect(new HmacPageTokens(key).read('scope-a', token)).toEqual(['2030-04-10', 'res_1', 7]);
    expect(new HmacPageTokens(Buffer.from('another key of sixteen bytes or more')).read('scope-a', token)).toBeUndefined();
  });

  it('issues the same token again for the same scope and position, and a different one for any other', () => {
    const first = tokens.issue('scope-a', [20]);
    expect(tokens.issue('scope-a', [20])).toBe(first);
    for (const [scope, position] of [['scope-b', [20]], ['scope-a', [40]], ['scope-a\u0000', [20]], ['scope-a', ['20']]] as const) {
      const other = tokens.issue(scope, [...position]);
      expect(other).not.toBe(first);
      expect(tokens.read(scope, other)).toEqual(position);
      if (scope !== 'scope-a') expect(tokens.read('scope-a', other)).toBeUndefined();
    }
    // Still valid for a process that never remembered it.
    expect(new HmacPageTokens(key).read('scope-a', first)).toEqual([20]);
  });

  it('refuses altered, truncated, re-encoded and malformed tokens', () => {
    const token = tokens.issue('s', ['x']);
    const [payload = '', mac = ''] = token.split('.');
    const other = Buffer.from(JSON.stringify(['y'])).toString('base64url');
    const flipped = `${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [`${other}.${mac}`, `${payload}.${flipped}`, `${payload}.${mac.slice(0, -4)}`, `${payload}.${mac}=`, `${payload}.${mac}.x`, payload, '', '.']) {
      expect(tokens.read('s', bad), bad).toBeUndefined();
    }
  });

  it('needs a key of at least 16 bytes', () => {
    expect(() => new HmacPageTokens(Buffer.from('short'))).toThrow(RangeError);
  });
});
