import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServiceMetrics } from './metrics.js';

/** A readiness probe: true when the dependency can serve. Throwing counts as false. */
export type ReadinessCheck = () => boolean | Promise<boolean>;

export interface OpsServerOptions {
  readonly host: string;
  readonly port: number;
  /** Absent: no /metrics. */
  readonly metrics?: ServiceMetrics;
  /** Named probes /readyz runs (database, broker...). */
  readonly readiness: Readonly<Record<string, ReadinessCheck>>;
}

export interface OpsServer {
  readonly url: string;
  readonly port: number;
  /** From now on /readyz answers 503 (shutdown: the load balancer stops sending new calls). */
  drain(): void;
  close(): Promise<void>;
}

/**
 * The operations port, apart from the API port so that probes and scrapes never compete with (or
 * get exposed like) API traffic:
 *   GET /livez    200 while the event loop answers: the process need not be restarted.
 *   GET /readyz   200 when every readiness probe passes and the app is not shutting down, else 503;
 *                 the body names each probe's result (`?verbose` is not needed).
 *   GET /metrics  Prometheus text format.
 */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  let draining = false;
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed\n');
    if (path === '/livez') return send(res, 200, 'text/plain', 'ok\n');
    if (path === '/readyz') {
      void readiness(options.readiness, draining).then(
        (report) => send(res, report.ready ? 200 : 503, 'application/json', `${JSON.stringify(report)}\n`),
        () => send(res, 503, 'application/json', '{"ready":false}\n'),
      );
      return;
    }
    if (path === '/metrics' && options.metrics) {
      const metrics = options.metrics;
      void metrics.scrape().then(
        (text) => send(res, 200, metrics.contentType, text),
        (error: unknown) => send(res, 500, 'text/plain', `scrape failed: ${error instanceof Error ? error.message : String(error)}\n`),
      );
      return;
    }
    send(res, 404, 'text/plain', 'not found\n');
  });
  server.keepAliveTimeout = 65_000; // longer than Prometheus' scrape interval keeps connections reused
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    drain: () => {
      draining = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface ReadinessReport {
  readonly ready: boolean;
  readonly draining: boolean;
  readonly checks: Readonly<Record<string, boolean>>;
}

async function readiness(checks: Readonly<Record<string, ReadinessCheck>>, draining: boolean): Promise<ReadinessReport> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        return [name, (await check()) === true] as const;
      } catch {
        return [name, false] as const;
      }
    }),
  );
  const ready = !draining && results.every(([, ok]) => ok);
  return { ready, draining, checks: Object.fromEntries(results) };
}

function send(res: http.ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
}
