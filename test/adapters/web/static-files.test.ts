import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthRegistry, registerHealth } from '../../../src/adapters/rpc/health.js';
import { startRpcServer, type RpcServer } from '../../../src/adapters/rpc/server.js';
import { staticFiles } from '../../../src/adapters/web/static-files.js';

// The web app and the Connect API on one port: RPC paths go to the router, the rest to the files.

let dir: string;
let server: RpcServer;

beforeAll(async () => {
  const parent = await mkdtemp(path.join(tmpdir(), 'web-'));
  dir = path.join(parent, 'dist');
  await mkdir(path.join(dir, 'assets'), { recursive: true });
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>app</title>');
  await writeFile(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  await writeFile(path.join(dir, 'manifest.webmanifest'), '{}');
  await writeFile(path.join(parent, 'secret.txt'), 'outside the root');
  const health = new HealthRegistry();
  server = await startRpcServer({ host: '127.0.0.1', port: 0, interceptors: [], routes: (router) => void registerHealth(router, health), fallback: staticFiles(dir) });
});

afterAll(async () => {
  await server?.close();
  await rm(path.dirname(dir), { recursive: true, force: true });
});

describe('static files beside the Connect router', () => {
  it('serves the app shell and its assets with the right types and caching', async () => {
    const index = await fetch(`${server.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    await expect(index.text()).resolves.toContain('<title>app</title>');

    const asset = await fetch(`${server.url}/assets/index-abc123.js`);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${server.url}/manifest.webmanifest`)).headers.get('content-type')).toBe('application/manifest+json');
  });

  it('answers any other page request with index.html, and a missing file with 404', async () => {
    const page = await fetch(`${server.url}/admin/hotels/h1`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    await expect(page.text()).resolves.toContain('<title>app</title>');
    expect((await fetch(`${server.url}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${server.url}/`, { method: 'POST' })).status).toBe(404);
  });

  it('never reads outside its folder', async () => {
    for (const probe of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const response = await rawGet(probe);
      expect(response).not.toContain('outside the root');
    }
  });

  it('leaves the RPCs to the router', async () => {
    const response = await fetch(`${server.url}/grpc.health.v1.Health/Check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(200);
    await expect(response.json()).resolves.toEqual({ status: 'SERVING' });
  });
});

/** GET with the path sent as written (fetch would normalise the dot segments away). */
async function rawGet(pathname: string): Promise<string> {
  const net = await import('node:net');
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.end(`GET ${pathname} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n`));
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}
