import { context, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import type { Pool, PoolClient } from 'pg';
import type { PoolProbe } from './metrics.js';

export interface PgInstrumentationOptions {
  /** Names the pool in spans (`db.namespace`) and gauges, e.g. the shard. */
  readonly name: string;
  readonly tracer?: Tracer;
}

const instrumented = new WeakSet<PoolClient>();

/**
 * A CLIENT span per query on every connection of the pool, when a span is active (the relay's idle
 * polls and health pings create no root spans). MikroORM formats parameters into the SQL text, so
 * the statement itself is never recorded, only its operation and first table
 * (`db.query.summary`): guest names and emails must not leave through traces.
 *
 * Why not @opentelemetry/instrumentation-pg: under ESM it needs `node --import` loader hooks, which
 * neither `tsx` nor the tests run with; wrapping the pool MikroORM hands us works everywhere.
 */
export function instrumentPgPool(pool: Pool, options: PgInstrumentationOptions): PoolProbe {
  const tracer = options.tracer ?? trace.getTracer('hotel.postgres');
  pool.on('connect', (client) => instrumentClient(client, tracer, options.name));
  return {
    stats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max ?? 10 }),
    async up(timeoutMs = 2_000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      try {
        return await Promise.race([pool.query('select 1').then(() => true, () => false), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

function instrumentClient(client: PoolClient, tracer: Tracer, database: string): void {
  if (instrumented.has(client)) return;
  instrumented.add(client);
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]): unknown => {
    const active = context.active();
    if (!trace.getSpan(active)) return query(...args);
    const first = args[0];
    const text = typeof first === 'string' ? first : typeof (first as { text?: unknown })?.text === 'string' ? (first as { text: string }).text : '';
    const summary = summarize(text);
    const span = tracer.startSpan(
      summary || 'postgresql',
      {
        kind: SpanKind.CLIENT,
        attributes: { 'db.system.name': 'postgresql', 'db.namespace': database, 'db.query.summary': summary, 'db.operation.name': summary.split(' ')[0] ?? '' },
      },
      active,
    );
    const result = context.with(trace.setSpan(active, span), () => query(...args));
    if (result instanceof Promise) {
      return result.then(
        (value: unknown) => {
          const rows = (value as { rowCount?: unknown } | undefined)?.rowCount;
          if (typeof rows === 'number') span.setAttribute('db.response.returned_rows', rows);
          span.end();
          return value;
        },
        (error: unknown) => {
          span.setStatus({ code: SpanStatusCode.ERROR, message: (error as { code?: string }).code ?? 'query failed' });
          span.end();
          throw error;
        },
      );
    }
    span.end(); // a cursor or callback query: the span only marks its submission
    return result;
  };
}

/** `SELECT outbox`, `INSERT reservations`, `BEGIN`: operation and first table, nothing else. */
/**
 * A statement of data-modifying CTEs is named after the first table it writes (`WITH ... insert into
 * reservations ...` -> `INSERT reservations`), found with string literals blanked out; else `WITH`.
 */
function summarizeWith(text: string): string {
  const code = text.replace(/'(?:[^']|'')*'/g, "''");
  const writes = [
    { operation: 'INSERT', match: /\binsert\s+into\s+("?[\w.]+"?)/i.exec(code) },
    { operation: 'UPDATE', match: /(?<!\bfor\s+)\bupdate\s+("?[\w.]+"?)\s+(?:as\s+\w+\s+)?set\b/i.exec(code) },
    { operation: 'DELETE', match: /\bdelete\s+from\s+("?[\w.]+"?)/i.exec(code) },
  ].filter((w) => w.match !== null);
  writes.sort((a, b) => a.match!.index - b.match!.index);
  const first = writes[0];
  return first ? `${first.operation} ${first.match![1]!.replaceAll('"', '')}` : 'WITH';
}

export function summarize(sql: string): string {
  const text = sql.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/--[^\n]*/g, ' ').trim();
  const operation = (/^[a-z]+/i.exec(text)?.[0] ?? '').toUpperCase();
  if (operation === 'WITH') return summarizeWith(text);
  const table =
    operation === 'INSERT' ? /^insert\s+into\s+("?[\w.]+"?)/i.exec(text)?.[1]
    : operation === 'UPDATE' ? /^update\s+("?[\w.]+"?)/i.exec(text)?.[1]
    : operation === 'DELETE' ? /^delete\s+from\s+("?[\w.]+"?)/i.exec(text)?.[1]
    : operation === 'SELECT' ? /\bfrom\s+("?[\w.]+"?)/i.exec(text)?.[1]
    : undefined;
  return table ? `${operation} ${table.replaceAll('"', '')}` : operation;
}
