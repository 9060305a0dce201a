import { describe, expect, it } from 'vitest';
import { DnsWebhookUrlPolicy, isForbiddenAddress } from '../../../src/adapters/notify/webhook-url-policy.js';

// A fixed DNS table stands in for the resolver (a seam of the policy, not the thing under test).
const dns: Record<string, string[]> = {
  'partner.example': ['93.184.215.14'],
  'sneaky.example': ['93.184.215.14', '10.0.0.7'],
  'metadata.example': ['169.254.169.254'],
};
const resolve = async (host: string) => {
  const found = dns[host];
  if (!found) throw new Error('ENOTFOUND');
  return found;
};

describe('the webhook SSRF rule', () => {
  const production = new DnsWebhookUrlPolicy(false, resolve);

  it.each([
    ['https://partner.example/hooks', undefined],
    ['http://93.184.215.14:8080/x', undefined],
    ['ftp://partner.example/x', /http or https/],
    ['file:///etc/passwd', /http or https/],
    ['not a url', /absolute/],
    ['https://user:pw@partner.example/', /credentials/],
    ['http://127.0.0.1/x', /loopback/],
    ['http://localhost.invalid/x', /does not resolve/],
    ['http://[::1]/x', /loopback/],
    ['http://[::ffff:127.0.0.1]/x', /loopback/],
    ['http://169.254.169.254/latest/meta-data', /link-local/],
    ['http://metadata.example/', /169\.254\.169\.254/],
    ['http://192.168.1.10/', /private/],
    ['http://sneaky.example/', /10\.0\.0\.7/],
    ['http://[fe80::1]/', /private/],
  ])('%s -> %s', async (url, expected) => {
    const refusal = await production.refusal(url);
    if (expected === undefined) expect(refusal).toBeUndefined();
    else expect(refusal).toMatch(expected);
  });

  it('lets private addresses through when switched on, but never another scheme', async () => {
    const tests = new DnsWebhookUrlPolicy(true, resolve);
    expect(await tests.refusal('http://127.0.0.1:9999/hooks')).toBeUndefined();
    expect(await tests.refusal('gopher://127.0.0.1/')).toMatch(/http or https/);
  });

  it.each([
    ['8.8.8.8', false],
    ['172.15.0.1', false],
    ['172.16.0.1', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['2001:4860:4860::8888', false],
    ['fd12::1', true],
    ['::', true],
  ])('%s forbidden: %s', (address, forbidden) => {
    expect(isForbiddenAddress(address)).toBe(forbidden);
  });
});
