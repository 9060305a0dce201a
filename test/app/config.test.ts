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
    const read = [...source.matchAll(/(?:text|integer|url|optional)\('([A-Z_]+)'/g)].map((m) => m[1]);
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
