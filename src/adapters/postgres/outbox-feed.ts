import type { EntityManager } from '@mikro-orm/postgresql';
import type { DomainEvent } from '../../core/events/domain-event.js';
import type { PiiProtector } from '../../ports/pii-protector.js';
import type { OutboxFeed } from '../../ports/outbox-feed.js';
import { toDomain } from './outbox-event.mapper.js';
import { publishInTraces } from './outbox-tracing.js';
import type { OutboxEventRow } from './records/outbox-event.record.js';
import { toInstant } from './sql-values.js';

// SKIP LOCKED: concurrent relays split the backlog instead of queueing behind each other, and never
// take the same row. The partial index on unsent ids keeps this cheap however large the table grows.
const CLAIM_SQL = `
select id, event_id, type, hotel_id, aggregate_id, occurred_at, payload, trace_context
  from outbox
 where sent_at is null
 order by id
 limit :limit
   for update skip locked`;

const MARK_SENT_SQL = `update outbox set sent_at = now() where sent_at is null and id = any(:ids::bigint[])`;

const LAG_SQL = `select min(occurred_at) as oldest from outbox where sent_at is null`;

/**
 * The relay's side of the outbox. The claimed rows stay locked while `publish` runs and are marked
 * sent in the same transaction, so a crash or a failed publish leaves them unsent (at least once).
 * Ids come from an identity column: they give the append order, though a transaction that commits
 * late can make a smaller id appear after larger ones were relayed (consumers dedupe by event id).
 */
export class PostgresOutboxFeed implements OutboxFeed {
  constructor(
    private readonly em: EntityManager,
    private readonly pii: PiiProtector,
  ) {}

  async relay(limit: number, publish: (events: readonly DomainEvent[]) => Promise<void>): Promise<number> {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
    const em = this.em.fork({ clear: true });
    await em.begin();
    try {
      const rows = await em.execute<OutboxEventRow[]>(CLAIM_SQL, { limit });
      if (rows.length > 0) {
        await publishInTraces(rows.map((row) => ({ event: toDomain(row, this.pii), carrier: row.trace_context })), publish);
        await em.execute(MARK_SENT_SQL, { ids: `{${rows.map((row) => String(row.id)).join(',')}}` }, 'run');
      }
      await em.commit();
      return rows.length;
    } catch (error) {
      try {
        await em.rollback();
      } catch {
        // The publish or database error is the one worth reporting.
      }
      throw error;
    }
  }

  async lagMillis(now: Date): Promise<number> {
    const [row] = await this.em.fork({ clear: true }).execute<{ oldest: string | null }[]>(LAG_SQL);
    if (!row || row.oldest === null) return 0;
    return Math.max(0, now.getTime() - toInstant(row.oldest).getTime());
  }
}
