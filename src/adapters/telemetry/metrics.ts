import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One queue as the broker reports it. */
export interface QueueDepth {
  readonly queue: string;
  readonly messages: number;
  readonly consumers: number;
  /** A dead-letter queue: what lands there needs a person. */
  readonly deadLetter: boolean;
}

/** A connection pool's state (pg's Pool counts). */
export interface PoolStats {
  readonly total: number;
  readonly idle: number;
  /** Callers waiting for a connection: above 0 the pool is saturated. */
  readonly waiting: number;
  readonly max: number;
}

/** What the metrics read from one database pool. */
export interface PoolProbe {
  stats(): PoolStats;
  /** True when the database answers `select 1` within `timeoutMs`. Never throws. */
  up(timeoutMs?: number): Promise<boolean>;
}

/**
 * Every Prometheus metric of the service, on its own registry (no global state: two apps in one
 * test process do not mix their counts). Names follow Prometheus conventions (base units,
 * `_total` counters); the alert rules in deploy/k8s/base/observability/alerts.yaml read them.
 *
 * Gauges that need a look at a dependency (outbox lag, queue depths, pool state) are computed on
 * scrape by the sources registered with `watch*`; a source that fails leaves its series out of
 * that scrape (and counts a collect error) rather than failing the whole scrape.
 */
export class ServiceMetrics {
  readonly registry = new Registry();

  readonly rpcDuration = new Histogram({
    name: 'hotel_rpc_server_duration_seconds',
    help: 'Duration of RPCs handled, by service, method and gRPC status (the _count is the request count).',
    labelNames: ['service', 'method', 'code'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly rpcRejections = new Counter({
    name: 'hotel_rpc_rejections_total',
    help: 'Failed RPCs by method, gRPC status and reason (google.rpc.ErrorInfo reason, else the status).',
    labelNames: ['service', 'method', 'code', 'reason'] as const,
    registers: [this.registry],
  });

  readonly bookings = new Counter({
    name: 'hotel_bookings_total',
    help: 'CreateReservation outcomes: confirmed (idempotent replays included) or rejected with a reason (NO_AVAILABILITY = oversell prevented).',
    labelNames: ['outcome', 'reason'] as const,
    registers: [this.registry],
  });

  readonly deadLettered = new Counter({
    name: 'hotel_events_dead_lettered_total',
    help: 'Events a consumer gave up on after its retries (sent to the dead-letter queue).',
    labelNames: ['consumer'] as const,
    registers: [this.registry],
  });

  readonly notifications = new Counter({
    name: 'hotel_notifications_total',
    help: 'Notification sends by channel (email, webhook) and outcome (sent, failed: retried later).',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly cacheLookups = new Counter({
    name: 'hotel_cache_lookups_total',
    help: 'Cache look-ups per entry: hit, miss, or error (cache unreachable, bypassed). Hit ratio = hit / (hit + miss).',
    labelNames: ['cache', 'result'] as const,
    registers: [this.registry],
  });

  readonly rateLimiterFailures = new Counter({
    name: 'hotel_rate_limiter_failures_total',
    help: 'RPCs let through unlimited because the rate limiter store (Redis) did not answer (fail open).',
    registers: [this.registry],
  });

  readonly collectErrors = new Counter({
    name: 'hotel_metrics_collect_errors_total',
    help: 'Scrape-time probes that failed (their gauges are missing from that scrape).',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  constructor(options: { readonly defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** `hotel_outbox_lag_seconds{shard}`: age of the oldest unsent outbox event. */
  watchOutbox(sources: Readonly<Record<string, () => Promise<number>>>): void {
    const errors = this.collectErrors;
    new Gauge({
      name: 'hotel_outbox_lag_seconds',
      help: 'Age of the oldest event not yet relayed to the broker (0 when the outbox is drained).',
      labelNames: ['shard'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        await Promise.all(
          Object.entries(sources).map(async ([shard, lagMillis]) => {
            try {
              this.set({ shard }, (await lagMillis()) / 1000);
            } catch {
              errors.inc({ source: `outbox:${shard}` });
            }
          }),
        );
      },
    });
  }

  /** `hotel_queue_messages{queue,kind}` and `hotel_queue_consumers{queue}` from the broker. */
  watchQueues(depths: () => Promise<readonly QueueDepth[]>): void {
    const errors = this.collectErrors;
    // The registry collects every metric of a scrape concurrently: both gauges share one broker look-up.
    let inflight: Promise<readonly QueueDepth[] | null> | null = null;
    const load = () =>
      (inflight ??= depths()
        .catch(() => {
          errors.inc({ source: 'queues' });
          return null;
        })
        .finally(() => setImmediate(() => (inflight = null))));
    new Gauge({
      name: 'hotel_queue_messages',
      help: 'Messages ready in a queue; kind="dead_letter" for dead-letter queues.',
      labelNames: ['queue', 'kind'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const q of (await load()) ?? []) this.set({ queue: q.queue, kind: q.deadLetter ? 'dead_letter' : 'work' }, q.messages);
      },
    });
    new Gauge({
      name: 'hotel_queue_consumers',
      help: 'Consumers attached to a work queue.',
      labelNames: ['queue'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const q of (await load()) ?? []) if (!q.deadLetter) this.set({ queue: q.queue }, q.consumers);
      },
    });
  }

  /**
   * `hotel_db_up{pool}` (a probe query per scrape), `hotel_db_pool_connections{pool,state}` and
   * `hotel_db_pool_max_connections{pool}`. The map may grow after this call (pools open lazily).
   */
  watchPools(pools: ReadonlyMap<string, PoolProbe>): void {
    new Gauge({
      name: 'hotel_db_up',
      help: 'Whether a database (shard primary or replica) answered a probe query on this scrape (1) or not (0).',
      labelNames: ['pool'] as const,
      registers: [this.registry],
      async collect() {
        await Promise.all([...pools].map(async ([pool, probe]) => this.set({ pool }, (await probe.up()) ? 1 : 0)));
      },
    });
    new Gauge({
      name: 'hotel_db_pool_max_connections',
      help: 'Size limit of a database connection pool.',
      labelNames: ['pool'] as const,
      registers: [this.registry],
      collect() {
        for (const [pool, probe] of pools) this.set({ pool }, probe.stats().max);
      },
    });
    new Gauge({
      name: 'hotel_db_pool_connections',
      help: 'Connections of a database pool by state (in_use, idle) and callers waiting for one (waiting).',
      labelNames: ['pool', 'state'] as const,
      registers: [this.registry],
      collect() {
        for (const [pool, probe] of pools) {
          const s = probe.stats();
          this.set({ pool, state: 'in_use' }, s.total - s.idle);
          this.set({ pool, state: 'idle' }, s.idle);
          this.set({ pool, state: 'waiting' }, s.waiting);
        }
      },
    });
  }

  /** Text exposition format for a scrape. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
