import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostgres, NO_PII } from '../../../src/adapters/postgres/create-postgres.js';
import { ServiceMetrics } from '../../../src/adapters/telemetry/metrics.js';
import { startOpsServer, type OpsServer } from '../../../src/adapters/telemetry/ops-server.js';
import { createTestDatabase } from '../../support/postgres.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function ops(readiness: Parameters<typeof startOpsServer>[0]['readiness']): Promise<OpsServer> {
  const server = await startOpsServer({ host: '127.0.0.1', port: 0, metrics: new ServiceMetrics({ defaultMetrics: false }), readiness });
  cleanup.push(() => server.close());
  return server;
}

/** A port nothing listens on: bind one, close it. */
async function deadPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('the operations port', () => {
  it('is ready while the real database answers, not when it is unreachable', async () => {
    const db = await createTestDatabase();
    cleanup.push(() => db.drop());
    const up = await createPostgres({ url: db.url, poolSize: 1, pii: NO_PII });
    cleanup.push(() => up.close());
    const down = await createPostgres({ url: `postgres://postgres@127.0.0.1:${await deadPort()}/nothing`, poolSize: 1, pii: NO_PII });
    cleanup.push(() => down.close());

    const healthy = await ops({ database: () => up.ping() });
    const ready = await fetch(`${healthy.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, draining: false, checks: { database: true } });

    const broken = await ops({ database: () => down.ping(500), broker: () => true });
    const notReady = await fetch(`${broken.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({ ready: false, draining: false, checks: { database: false, broker: true } });
    expect((await fetch(`${broken.url}/livez`)).status).toBe(200); // a database outage is no reason to restart us
  });

  it('stops being ready once draining (shutdown), while staying live', async () => {
    const server = await ops({ database: () => true });
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    server.drain();
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ ready: false, draining: true });
    expect((await fetch(`${server.url}/livez`)).status).toBe(200);
  });

  it('counts a throwing probe as not ready, serves metrics, and knows nothing else', async () => {
    const server = await ops({
      cache: () => {
        throw new Error('boom');
      },
    });
    expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
    const metrics = await fetch(`${server.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('# TYPE hotel_rpc_server_duration_seconds histogram');
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    expect((await fetch(`${server.url}/livez`, { method: 'POST' })).status).toBe(405);
  });
});
