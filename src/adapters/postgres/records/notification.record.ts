import { EntitySchema } from '@mikro-orm/core';

/** One row of `notifications`: a guest notification, once per causing event. */
export interface NotificationRecord {
  eventId: string;
  hotelId: string;
  reservationId: string;
  kind: string;
  recipient: string;
  createdAt?: Date;
}

export const NotificationSchema = new EntitySchema<NotificationRecord>({
  name: 'NotificationRecord',
  tableName: 'notifications',
  properties: {
    eventId: { type: 'text', fieldName: 'event_id', primary: true },
    hotelId: { type: 'text', fieldName: 'hotel_id' },
    reservationId: { type: 'text', fieldName: 'reservation_id' },
    kind: { type: 'text' },
    recipient: { type: 'text' },
    createdAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'created_at', defaultRaw: 'now()', nullable: false },
  },
});
