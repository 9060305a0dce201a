import type { DomainEvent, DomainEventType } from '../../core/events/domain-event.js';
import type { PiiProtector } from '../../ports/pii-protector.js';
import type { OutboxEventRow } from './records/outbox-event.record.js';
import { toInstant } from './sql-values.js';

/**
 * Payload fields holding a guest's personal data: sealed in the stored row (sent rows stay in the
 * outbox, so plaintext there would outlive every other copy), opened when the relay reads it.
 */
const PII_PAYLOAD_FIELDS = ['guestName', 'guestEmail'] as const;

function mapPii(payload: unknown, map: (value: string) => string): unknown {
  if (typeof payload !== 'object' || payload === null) return payload;
  const record = payload as Record<string, unknown>;
  if (!PII_PAYLOAD_FIELDS.some((f) => typeof record[f] === 'string')) return payload;
  const copy: Record<string, unknown> = { ...record };
  for (const field of PII_PAYLOAD_FIELDS) {
    const value = copy[field];
    if (typeof value === 'string') copy[field] = map(value);
  }
  return copy;
}

/** The values of one outbox row, in the column order of `OUTBOX_INSERT_COLUMNS`; guest PII in the payload sealed. */
export function toInsertValues(event: DomainEvent, pii: PiiProtector, traceContext: Readonly<Record<string, string>> | null = null): unknown[] {
  return [
    event.hotelId,
    event.id,
    event.type,
    event.aggregateId,
    event.occurredAt.toISOString(),
    JSON.stringify(mapPii(event.payload, (v) => pii.seal(v))),
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
    payload: mapPii(row.payload, (v) => pii.open(v)),
  } as DomainEvent;
}
