import type { DomainEvent } from '../../core/events/domain-event.js';
import type { Hotel } from '../../core/hotel/hotel.js';
import type { RoomType } from '../../core/hotel/room-type.js';
import type { InventoryNight } from '../../core/inventory/inventory-night.js';
import type { Reservation } from '../../core/reservation/reservation.js';
import type { BookingRevision } from '../../core/partner/booking-revision.js';
import type { NotificationEntry } from '../../ports/notification-log.js';
import type { DeliveryRecord } from '../../ports/delivery-journal.js';
import type { WebhookAttempt, WebhookEndpoint } from '../../ports/webhook-endpoints.js';
import type { NightRate } from '../../core/rates/pricing.js';
import type { RatePlan } from '../../core/rates/rate-plan.js';

export interface IdempotencyRecord {
  readonly fingerprint: string;
  readonly resourceId: string;
}

export interface OutboxRecord {
  readonly seq: number;
  readonly event: DomainEvent;
  readonly sentAt: Date | undefined;
}

/** Everything the in-memory database holds. Values are immutable domain objects, so a snapshot is a copy of the maps. */
export interface MemoryState {
  hotels: Map<string, Hotel>;
  roomTypes: Map<string, RoomType>;
  /** Keyed by `${hotelId}/${roomTypeId}/${epochDay}`. */
  inventory: Map<string, InventoryNight>;
  reservations: Map<string, Reservation>;
  ratePlans: Map<string, RatePlan>;
  /** Keyed like inventory, by `${hotelId}/${ratePlanId}/${epochDay}`. */
  ratePrices: Map<string, NightRate>;
  idempotency: Map<string, IdempotencyRecord>;
  outbox: OutboxRecord[];
  outboxSeq: number;
  notifications: Map<string, NotificationEntry>;
  /** The partner booking feed of each hotel, in sequence order. */
  bookingRevisions: Map<string, readonly BookingRevision[]>;
  /** Keyed by `${consumer}/${eventId}`: processed events, with the delivery once recorded. */
  processedEvents: Map<string, DeliveryRecord | null>;
  webhookEndpoints: readonly WebhookEndpoint[];
  webhookAttempts: readonly WebhookAttempt[];
}

export const emptyState = (): MemoryState => ({
  hotels: new Map(),
  roomTypes: new Map(),
  inventory: new Map(),
  reservations: new Map(),
  ratePlans: new Map(),
  ratePrices: new Map(),
  idempotency: new Map(),
  outbox: [],
  outboxSeq: 0,
  notifications: new Map(),
  bookingRevisions: new Map(),
  processedEvents: new Map(),
  webhookEndpoints: [],
  webhookAttempts: [],
});

export const copyState = (s: MemoryState): MemoryState => ({
  hotels: new Map(s.hotels),
  roomTypes: new Map(s.roomTypes),
  inventory: new Map(s.inventory),
  reservations: new Map(s.reservations),
  ratePlans: new Map(s.ratePlans),
  ratePrices: new Map(s.ratePrices),
  idempotency: new Map(s.idempotency),
  outbox: [...s.outbox],
  outboxSeq: s.outboxSeq,
  notifications: new Map(s.notifications),
  bookingRevisions: new Map(s.bookingRevisions),
  processedEvents: new Map(s.processedEvents),
  webhookEndpoints: s.webhookEndpoints,
  webhookAttempts: s.webhookAttempts,
});

export const inventoryKey = (hotelId: string, roomTypeId: string, epochDay: number): string => `${hotelId}/${roomTypeId}/${epochDay}`;
