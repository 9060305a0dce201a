import type { EntityManager } from '@mikro-orm/postgresql';
import type { DomainEvent } from '../../core/events/domain-event.js';
import type { PiiProtector } from '../../ports/pii-protector.js';
import type { EventOutbox } from '../../ports/event-outbox.js';
import { OUTBOX_INSERT_COLUMNS, OUTBOX_INSERT_PLACEHOLDERS, toInsertValues } from './outbox-event.mapper.js';
import { currentTraceCarrier } from './outbox-tracing.js';

/**
 * Appends with one multi-row INSERT in the caller's transaction; the identity column records the
 * order. Each row keeps the active trace context, which the relay continues when it publishes.
 */
export class PostgresEventOutbox implements EventOutbox {
  constructor(
    private readonly em: EntityManager,
    private readonly pii: PiiProtector,
  ) {}

  async append(events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    const placeholders = events.map(() => OUTBOX_INSERT_PLACEHOLDERS).join(', ');
    const trace = currentTraceCarrier();
    const values = events.flatMap((event) => toInsertValues(event, this.pii, trace));
    await this.em.execute(`insert into outbox ${OUTBOX_INSERT_COLUMNS} values ${placeholders}`, values, 'run');
  }
}
