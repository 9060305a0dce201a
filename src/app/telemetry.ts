import type { Interceptor } from '@connectrpc/connect';
import type { Logger } from 'pino';
import type { Pool } from 'pg';
import { ServiceMetrics, type PoolProbe, type QueueDepth } from '../adapters/telemetry/metrics.js';
import { startOpsServer, type OpsServer, type ReadinessCheck } from '../adapters/telemetry/ops-server.js';
import { instrumentPgPool } from '../adapters/telemetry/pg-instrumentation.js';
import { rpcAccessLogInterceptor } from '../adapters/telemetry/rpc-access-log-interceptor.js';
import { rpcMetricsInterceptor } from '../adapters/telemetry/rpc-metrics-interceptor.js';
import { rpcTracingInterceptor } from '../adapters/telemetry/rpc-tracing-interceptor.js';
import { tracedUnitOfWork } from '../adapters/telemetry/traced-unit-of-work.js';
import { measuredAvailabilityCache } from '../adapters/telemetry/measured-availability-cache.js';
import type { AvailabilityCache } from '../ports/availability-cache.js';
import type { UnitOfWork } from '../ports/unit-of-work.js';

/**
 * The observability wiring of one app: metrics registry, database pool instrumentation, the RPC
 * interceptors and the operations port. Tracing itself (the global tracer provider) is set up by
 * the entry point, before anything runs (src/main.ts); without it spans are no-ops.
 */
export class AppTelemetry {
  readonly metrics = new ServiceMetrics();
  readonly #pools = new Map<string, PoolProbe>();
  #ops: OpsServer | undefined;

  constructor(private readonly log: Logger) {
    this.metrics.watchPools(this.#pools);
  }

  /** Give to the Postgres adapter: every pool gets query spans and gauges. */
  readonly onPoolCreated = (pool: Pool, name: string): void => {
    this.#pools.set(name, instrumentPgPool(pool, { name }));
  };

  /** Outermost first: the span is active for the metrics, the access log and the errors interceptor's log. */
  rpcInterceptors(): Interceptor[] {
    return [rpcTracingInterceptor(), rpcMetricsInterceptor(this.metrics), rpcAccessLogInterceptor(this.log)];
  }

  /** A span per transaction. */
  traced(uow: UnitOfWork): UnitOfWork {
    return tracedUnitOfWork(uow);
  }

  /** Hit, miss and error counts of the availability cache (wrap the cache the caching reader uses). */
  measured(cache: AvailabilityCache): AvailabilityCache {
    return measuredAvailabilityCache(cache, this.metrics);
  }

  watchOutbox(lagMillis: (now: Date) => Promise<number>): void {
    this.metrics.watchOutbox({ all: () => lagMillis(new Date()) });
  }

  watchQueues(depths: () => Promise<readonly QueueDepth[]>): void {
    this.metrics.watchQueues(depths);
  }

  deadLettered(consumer: string): void {
    this.metrics.deadLettered.inc({ consumer });
  }

  async startOps(host: string, port: number, readiness: Record<string, ReadinessCheck>): Promise<OpsServer> {
    this.#ops = await startOpsServer({ host, port, metrics: this.metrics, readiness });
    return this.#ops;
  }

  /** Readiness fails from now on (shutdown). */
  drain(): void {
    this.#ops?.drain();
  }
}
