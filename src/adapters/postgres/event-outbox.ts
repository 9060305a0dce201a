import type { EntityManager } from '@mikro-orm/postgresql';
import type { DomainEvent } from '../../core/events/domain-event.js';
import type { EventOutbox } from '../../ports/event-outbox.js';
import { OUTBOX_INSERT_COLUMNS, OUTBOX_INSERT_PLACEHOLDERS, toInsertValues } from './outbox-event.mapper.js';

/** Appends with one multi-row INSERT in the caller's transaction; the identity column records the order. */
export class PostgresEventOutbox implements EventOutbox {
  constructor(private readonly em: EntityManager) {}

  async append(events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    const placeholders = events.map(() => OUTBOX_INSERT_PLACEHOLDERS).join(', ');
    await this.em.execute(`insert into outbox ${OUTBOX_INSERT_COLUMNS} values ${placeholders}`, events.flatMap(toInsertValues), 'run');
  }
}
