import { BigIntType, EntitySchema } from '@mikro-orm/core';

/** One row of `booking_revisions`: a partner-feed revision, numbered per hotel, once per event. */
export interface BookingRevisionRecord {
  hotelId: string;
  sequence: number;
  eventId: string;
  kind: string;
  reservationId: string;
  snapshot: unknown;
  occurredAt: Date;
  recordedAt?: Date;
  acknowledgedAt: Date | null;
}

export const BookingRevisionSchema = new EntitySchema<BookingRevisionRecord>({
  name: 'BookingRevisionRecord',
  tableName: 'booking_revisions',
  uniques: [{ name: 'booking_revisions_event_id_key', properties: ['eventId'] }],
  indexes: [{ name: 'booking_revisions_unacknowledged_idx', properties: ['hotelId', 'sequence'], where: 'acknowledged_at is null' }],
  checks: [{ name: 'booking_revisions_sequence_check', expression: 'sequence >= 1' }],
  properties: {
    hotelId: { type: 'text', fieldName: 'hotel_id', primary: true },
    sequence: { type: new BigIntType('number'), primary: true, autoincrement: false },
    eventId: { type: 'text', fieldName: 'event_id' },
    kind: { type: 'text' },
    reservationId: { type: 'text', fieldName: 'reservation_id' },
    snapshot: { type: 'json', columnType: 'jsonb' },
    occurredAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'occurred_at' },
    recordedAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'recorded_at', defaultRaw: 'now()', nullable: false },
    acknowledgedAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'acknowledged_at', nullable: true },
  },
});

/** One row of `booking_revision_heads`: a hotel's last revision sequence (its counter and lock). */
export interface BookingRevisionHeadRecord {
  hotelId: string;
  lastSequence: number;
}

export const BookingRevisionHeadSchema = new EntitySchema<BookingRevisionHeadRecord>({
  name: 'BookingRevisionHeadRecord',
  tableName: 'booking_revision_heads',
  checks: [{ name: 'booking_revision_heads_last_sequence_check', expression: 'last_sequence >= 0' }],
  properties: {
    hotelId: { type: 'text', fieldName: 'hotel_id', primary: true },
    lastSequence: { type: new BigIntType('number'), fieldName: 'last_sequence' },
  },
});
