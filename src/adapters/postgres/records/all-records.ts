import { HotelSchema } from './hotel.record.js';
import { IdempotencyKeySchema } from './idempotency-key.record.js';
import { InventoryNightSchema } from './inventory-night.record.js';
import { NotificationSchema } from './notification.record.js';
import { OutboxEventSchema } from './outbox-event.record.js';
import { NotificationDeliverySchema, ProcessedEventSchema, WebhookAttemptSchema, WebhookEndpointSchema } from './processed-event.record.js';
import { RatePlanSchema, RatePriceSchema } from './rate-plan.record.js';
import { ReservationRevisionSchema, ReservationSchema } from './reservation.record.js';
import { RoomTypeSchema } from './room-type.record.js';
import { BookingRevisionHeadSchema, BookingRevisionSchema } from './booking-revision.record.js';

/** Every table the adapter maps; the ORM is given exactly this list (no folder discovery). */
export const allRecordSchemas = [
  HotelSchema,
  RoomTypeSchema,
  InventoryNightSchema,
  ReservationSchema,
  ReservationRevisionSchema,
  IdempotencyKeySchema,
  OutboxEventSchema,
  NotificationSchema,
  RatePlanSchema,
  RatePriceSchema,
  BookingRevisionSchema,
  BookingRevisionHeadSchema,
  ProcessedEventSchema,
  NotificationDeliverySchema,
  WebhookEndpointSchema,
  WebhookAttemptSchema,
] as const;
