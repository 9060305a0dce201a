import { BigIntType, EntitySchema } from '@mikro-orm/core';

/** One row of `outbox`: an event appended with the change that caused it; `id` gives the append order. */
export interface OutboxEventRecord {
  hotelId: string;
  id: number;
  eventId: string;
  type: string;
  aggregateId: string;
  occurredAt: Date;
  payload: unknown;
  sentAt: Date | null;
  /** Propagation carrier (`traceparent`, `tracestate`) of the appending transaction's trace. */
  traceContext: Record<string, string> | null;
}

export const OutboxEventSchema = new EntitySchema<OutboxEventRecord>({
  name: 'OutboxEventRecord',
  tableName: 'outbox',
  uniques: [{ name: 'outbox_event_id_key', properties: ['eventId'] }],
  indexes: [{ name: 'outbox_unsent_idx', properties: ['id'], where: 'sent_at is null' }],
  properties: {
    hotelId: { type: 'text', fieldName: 'hotel_id', primary: true },
    id: { type: new BigIntType('number'), primary: true, autoincrement: true },
    eventId: { type: 'text', fieldName: 'event_id' },
    type: { type: 'text' },
    aggregateId: { type: 'text', fieldName: 'aggregate_id' },
    occurredAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'occurred_at' },
    payload: { type: 'json', columnType: 'jsonb' },
    sentAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'sent_at', nullable: true },
    traceContext: { type: 'json', columnType: 'jsonb', fieldName: 'trace_context', nullable: true },
  },
});

/** A raw `outbox` row as `em.execute` returns it. */
export interface OutboxEventRow {
  id: string | number;
  event_id: string;
  type: string;
  hotel_id: string;
  aggregate_id: string;
  occurred_at: string;
  payload: unknown;
  trace_context: Record<string, string> | null;
}
