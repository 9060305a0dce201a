import type { DomainEvent, DomainEventType } from '../../core/events/domain-event.js';
import type { PiiProtector } from '../../ports/pii-protector.js';
import { openPiiFields, sealPiiFields } from './pii-fields.js';
import type { OutboxEventRow } from './records/outbox-event.record.js';
import { toInstant } from './sql-values.js';

/** The values of one outbox row, in the column order of `OUTBOX_INSERT_COLUMNS`; guest PII in the payload sealed. */
export function toInsertValues(event: DomainEvent, pii: PiiProtector, traceContext: Readonly<Record<string, string>> | null = null): unknown[] {
  return [
    event.hotelId,
    event.id,
    event.type,
    event.aggregateId,
    event.occurredAt.toISOString(),
    // Guest PII sealed: sent rows stay in the outbox, so plaintext there would outlive every other copy.
    JSON.stringify(sealPiiFields(event.payload, pii)),
    traceContext === null ? null : JSON.stringify(traceContext),
  ];
}

export const OUTBOX_INSERT_COLUMNS = '(hotel_id, event_id, type, aggregate_id, occurred_at, payload, trace_context)';
export const OUTBOX_INSERT_PLACEHOLDERS = '(?, ?, ?, ?, ?::timestamptz, ?::jsonb, ?::jsonb)';

export function toDomain(row: OutboxEventRow, pii: PiiProtector): DomainEvent {
  return {
    id: row.event_id,
    type: row.type as DomainEventType,
    occurredAt: toInstant(row.occurred_at),
    hotelId: row.hotel_id,
    aggregateId: row.aggregate_id,
    payload: openPiiFields(row.payload, pii),
  } as DomainEvent;
}
