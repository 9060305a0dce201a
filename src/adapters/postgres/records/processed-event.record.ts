import { EntitySchema } from '@mikro-orm/core';

/** One row of `processed_events`: a consumer processed an event (its claim, for deduplication). */
export interface ProcessedEventRecord {
  hotelId: string;
  consumer: string;
  eventId: string;
  processedAt?: Date;
}

export const ProcessedEventSchema = new EntitySchema<ProcessedEventRecord>({
  name: 'ProcessedEventRecord',
  tableName: 'processed_events',
  properties: {
    hotelId: { type: 'text', fieldName: 'hotel_id', primary: true },
    consumer: { type: 'text', primary: true },
    eventId: { type: 'text', fieldName: 'event_id', primary: true },
    processedAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'processed_at', defaultRaw: 'now()', nullable: false },
  },
});

/** One row of `notification_deliveries`: what a consumer sent for an event (the delivery log). */
export interface NotificationDeliveryRecord {
  hotelId: string;
  consumer: string;
  eventId: string;
  channel: string;
  recipient: string;
  subject: string;
  externalId: string;
  deliveredAt?: Date;
}

export const NotificationDeliverySchema = new EntitySchema<NotificationDeliveryRecord>({
  name: 'NotificationDeliveryRecord',
  tableName: 'notification_deliveries',
  properties: {
    hotelId: { type: 'text', fieldName: 'hotel_id', primary: true },
    consumer: { type: 'text', primary: true },
    eventId: { type: 'text', fieldName: 'event_id', primary: true },
    channel: { type: 'text' },
    recipient: { type: 'text' },
    subject: { type: 'text' },
    externalId: { type: 'text', fieldName: 'external_id' },
    deliveredAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'delivered_at', defaultRaw: 'now()', nullable: false },
  },
});
