import { BigIntType, EntitySchema } from '@mikro-orm/core';

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

/** One row of `webhook_endpoints`: a partner's endpoint for a hotel's events. */
export interface WebhookEndpointRecord {
  hotelId: string;
  id: string;
  url: string;
  /** Comma-separated event types. */
  eventTypes: string;
  secret: string;
  createdAt?: Date;
}

export const WebhookEndpointSchema = new EntitySchema<WebhookEndpointRecord>({
  name: 'WebhookEndpointRecord',
  tableName: 'webhook_endpoints',
  properties: {
    hotelId: { type: 'text', fieldName: 'hotel_id', primary: true },
    id: { type: 'text', primary: true },
    url: { type: 'text' },
    eventTypes: { type: 'text', fieldName: 'event_types' },
    secret: { type: 'text' },
    createdAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'created_at', defaultRaw: 'now()', nullable: false },
  },
});

/** One row of `webhook_attempts`: the delivery log of an endpoint, every attempt. */
export interface WebhookAttemptRecord {
  hotelId: string;
  id: number;
  webhookId: string;
  eventId: string;
  eventType: string;
  attemptedAt?: Date;
  statusCode: number | null;
  error: string | null;
  delivered: boolean;
}

export const WebhookAttemptSchema = new EntitySchema<WebhookAttemptRecord>({
  name: 'WebhookAttemptRecord',
  tableName: 'webhook_attempts',
  indexes: [{ name: 'webhook_attempts_webhook_idx', properties: ['hotelId', 'webhookId', 'id'] }],
  properties: {
    hotelId: { type: 'text', fieldName: 'hotel_id', primary: true },
    id: { type: new BigIntType('number'), primary: true, autoincrement: true },
    webhookId: { type: 'text', fieldName: 'webhook_id' },
    eventId: { type: 'text', fieldName: 'event_id' },
    eventType: { type: 'text', fieldName: 'event_type' },
    attemptedAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'attempted_at', defaultRaw: 'now()', nullable: false },
    statusCode: { type: 'integer', fieldName: 'status_code', nullable: true },
    error: { type: 'text', nullable: true },
    delivered: { type: 'boolean' },
  },
});
