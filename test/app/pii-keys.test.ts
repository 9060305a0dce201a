import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/app/config.js';
import { piiProtectorOf } from '../../src/app/pii.js';
import { randomKey } from '../support/pii.js';

const b64 = () => randomKey().toString('base64');

describe('PII keys from the configuration', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'pii-keys-'));
    dirs.push(dir);
    return dir;
  };

  it('with nothing configured, generates a key file once (mode 0600) and reuses it on the next start', () => {
    const file = join(tempDir(), 'data', 'pii-keys.json');
    const lines: string[] = [];
    const first = piiProtectorOf(loadConfig({}), (line) => lines.push(line), file);
    expect(lines).toEqual([expect.stringContaining(`generated PII encryption keys in ${file}`)]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // The directory it made stays open to others (.data/ holds the embedded database too, which
    // runs as the postgres user when `npm start` runs as root); the key file alone is private.
    expect(statSync(join(file, '..')).mode & 0o011).not.toBe(0);
    const sealed = first.seal('Ada Lovelace');
    const contents = readFileSync(file, 'utf8');
    const second = piiProtectorOf(loadConfig({}), (line) => lines.push(line), file);
    expect(lines.length).toBe(1);
    expect(readFileSync(file, 'utf8')).toBe(contents);
    expect(second.open(sealed)).toBe('Ada Lovelace');
    expect(second.emailIndex('ada@example.com')).toBe(first.emailIndex('ada@example.com'));
  });

  it('reads PII_KEYS with PII_ACTIVE_KEY_ID and PII_INDEX_KEY, and a key file beside them', () => {
    const dir = tempDir();
    const file = join(dir, 'keys.json');
    writeFileSync(file, JSON.stringify({ activeKeyId: 'f1', keys: { f1: b64() }, indexKey: b64() }));
    const pii = piiProtectorOf(loadConfig({ PII_KEY_FILE: file, PII_KEYS: `k2:${b64()}`, PII_ACTIVE_KEY_ID: 'k2' }));
    expect(pii.activeKeyId).toBe('k2');
    expect(pii.seal('x')).toMatch(/^pii1\.k2\./);
    const fromEnv = piiProtectorOf(loadConfig({ PII_KEYS: `a:${b64()},b:${b64()}`, PII_ACTIVE_KEY_ID: 'b', PII_INDEX_KEY: b64() }), () => {}, join(dir, 'never.json'));
    expect(fromEnv.activeKeyId).toBe('b');
  });

  it('stops the start with a clear message for a bad key set', () => {
    expect(() => loadConfig({ PII_KEYS: `k1:${randomKey().subarray(0, 16).toString('base64')}`, PII_INDEX_KEY: b64() })).toThrow(
      /invalid configuration:\n {2}- PII key "k1" must be 32 bytes \(base64 of 32 random bytes\), got 16/,
    );
    expect(() => loadConfig({ PII_KEYS: `k1:${b64()}`, PII_ACTIVE_KEY_ID: 'k2', PII_INDEX_KEY: b64() })).toThrow('active PII key "k2" is not among the configured keys (k1)');
    expect(() => loadConfig({ PII_KEYS: `k1:${b64()}` })).toThrow(ConfigError);
    expect(() => loadConfig({ PII_ACTIVE_KEY_ID: 'k1' })).toThrow('PII_ACTIVE_KEY_ID and PII_INDEX_KEY need PII_KEYS or PII_KEY_FILE');
    const missing = join(tempDir(), 'missing.json');
    expect(() => piiProtectorOf(loadConfig({ PII_KEY_FILE: missing }))).toThrow(`PII_KEY_FILE ${missing} cannot be read: ENOENT`);
  });
});
