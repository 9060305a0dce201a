import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import type { WebhookUrlPolicy } from '../../ports/webhook-sender.js';

// Addresses a webhook must never reach from production: this host, the link-local range (cloud
// metadata services live there), private networks, and the unroutable ones.
const forbidden = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  forbidden.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  forbidden.addSubnet(net, prefix, 'ipv6');

/** True if `address` (IPv4, IPv6, or IPv4-mapped IPv6) is loopback, link-local, private or unroutable. */
export function isForbiddenAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return forbidden.check(mapped, 'ipv4');
  const family = isIP(address);
  return family === 4 ? forbidden.check(address, 'ipv4') : family === 6 ? forbidden.check(address, 'ipv6') : true;
}

/**
 * The SSRF rule: http(s) only, no credentials in the URL, and every address the host resolves to
 * must be public unless `allowPrivate` (tests and closed networks: WEBHOOK_ALLOW_PRIVATE=true).
 * The sender applies the same rule again at delivery time, since DNS answers can change.
 */
export class DnsWebhookUrlPolicy implements WebhookUrlPolicy {
  constructor(
    private readonly allowPrivate: boolean,
    private readonly resolve: (host: string) => Promise<string[]> = async (host) => (await lookup(host, { all: true })).map((a) => a.address),
  ) {}

  async refusal(raw: string): Promise<string | undefined> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return 'must be an absolute http:// or https:// URL';
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return `must use http or https, not ${url.protocol.replace(':', '')}`;
    if (url.username || url.password) return 'must not carry credentials (the signature authenticates us)';
    if (raw.length > 2048) return 'must be at most 2048 characters';
    if (this.allowPrivate) return undefined;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    let addresses: string[];
    try {
      addresses = isIP(host) ? [host] : await this.resolve(host);
    } catch {
      return `host ${host} does not resolve`;
    }
    if (addresses.length === 0) return `host ${host} does not resolve`;
    const bad = addresses.find(isForbiddenAddress);
    return bad === undefined ? undefined : `must not point at a loopback, link-local or private address (${host} is ${bad})`;
  }
}
