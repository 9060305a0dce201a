import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_DOC, ConfigError, loadConfig, withoutCredentials } from '../../src/app/config.js';

describe('loadConfig', () => {
  it('gives a working single-machine setup with no environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ host: '127.0.0.1', port: 8080, databaseUrl: undefined, amqpUrl: undefined, seedDemo: 'auto' });
  });

  it('names every bad variable at once', () => {
    const load = () => loadConfig({ PORT: '80000', DATABASE_URL: 'mysql://x', SEED_DEMO: 'sometimes', AMQP_URL: 'not a url' });
    expect(load).toThrow(ConfigError);
    for (const problem of ['PORT must be an integer from 0 to 65535, got "80000"', 'DATABASE_URL must use postgres:', 'AMQP_URL is not a URL', 'SEED_DEMO must be']) {
      expect(load).toThrow(problem);
    }
  });
});

describe('TLS, request size and rate-limit settings', () => {
  it('reads per-class rate limits as PER_SECOND/BURST, defaulting to RATE_LIMIT_PER_SECOND / RATE_LIMIT_BURST', () => {
    const config = loadConfig({ RATE_LIMIT_PER_SECOND: '5', RATE_LIMIT_BURST: '9', RATE_LIMIT_SEARCH: '20/40', RATE_LIMIT_ARI: '0', RATE_LIMIT_BOOKING: '0.5/2' });
    expect(config.rateLimits).toEqual({
      search: { perSecond: 20, burst: 40 },
      booking: { perSecond: 0.5, burst: 2 },
      ari: { perSecond: 0, burst: 1 },
      other: { perSecond: 5, burst: 9 },
    });
    expect(() => loadConfig({ RATE_LIMIT_OTHER: 'fast' })).toThrow('RATE_LIMIT_OTHER must be PER_SECOND/BURST');
    expect(() => loadConfig({ RATE_LIMIT_OTHER: '5/0' })).toThrow('RATE_LIMIT_OTHER must be PER_SECOND/BURST');
    expect(loadConfig({}).maxRequestBytes).toBe(4 * 1024 * 1024);
  });

  it('wants both TLS files or neither, readable and matching', () => {
    expect(() => loadConfig({ TLS_CERT_FILE: 'package.json' })).toThrow('set both TLS_CERT_FILE and TLS_KEY_FILE (TLS), or neither (cleartext)');
    expect(() => loadConfig({ TLS_CERT_FILE: '/nonexistent/cert.pem', TLS_KEY_FILE: '/nonexistent/key.pem' })).toThrow('TLS_CERT_FILE: cannot read /nonexistent/cert.pem (ENOENT)');
    expect(() => loadConfig({ TLS_CERT_FILE: 'package.json', TLS_KEY_FILE: 'package.json' })).toThrow('not a usable certificate and key');
    expect(() => loadConfig({ AMQP_CA_FILE: '/nonexistent/ca.pem' })).toThrow('AMQP_CA_FILE: cannot read');
  });
});

describe('the README configuration table', () => {
  it('lists exactly the variables the code reads, with their defaults', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration'));
    const rows = [...section.matchAll(/^\| `([A-Z_]+)` \| ([^|]+) \|/gm)].map((m) => ({ name: m[1], default: m[2]!.trim() }));
    expect(rows.map((r) => r.name)).toEqual(CONFIG_DOC.map((d) => d.name));
    for (const doc of CONFIG_DOC) {
      if (!doc.default.startsWith('(')) expect(rows.find((r) => r.name === doc.name)?.default).toBe(`\`${doc.default}\``);
    }
    const source = readFileSync(new URL('../../src/app/config.ts', import.meta.url), 'utf8');
    const read = [...source.matchAll(/(?:text|integer|url|optional|readable|classLimit)\('([A-Z_]+)'/g)].map((m) => m[1]);
    expect(new Set(read)).toEqual(new Set(CONFIG_DOC.map((d) => d.name)));
  });
});

describe('withoutCredentials', () => {
  it('drops the user name and password of a service URL before it is logged', () => {
    expect(withoutCredentials('http://elastic:s3cret@hotel-search-es-http:9200')).toBe('http://hotel-search-es-http:9200/');
    expect(withoutCredentials('amqp://guest:guest@127.0.0.1:5672/vhost')).not.toContain('guest');
    expect(withoutCredentials('http://127.0.0.1:9200')).toBe('http://127.0.0.1:9200');
    expect(withoutCredentials('not a url with a p@ssword')).toBe('[unparseable URL]');
  });
});
