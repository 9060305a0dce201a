import type { Result } from '../core/shared/result.js';
import type { AriStore } from './ari-store.js';
import type { BookingRevisionStore } from './booking-revision-store.js';
import type { DeliveryJournal } from './delivery-journal.js';
import type { EventOutbox } from './event-outbox.js';
import type { HotelRepository } from './hotel-repository.js';
import type { HotelReservations } from './hotel-reservations.js';
import type { IdempotencyStore } from './idempotency-store.js';
import type { InventoryRepository } from './inventory-repository.js';
import type { RatePlanRepository } from './rate-plan-repository.js';
import type { ReservationRepository } from './reservation-repository.js';
import type { WebhookEndpoints } from './webhook-endpoints.js';
import type { StayBookings } from './stay-bookings.js';

/** The repositories of one transaction. */
export interface TransactionScope {
  readonly hotels: HotelRepository;
  readonly inventory: InventoryRepository;
  readonly ratePlans: RatePlanRepository;
  readonly reservations: ReservationRepository;
  readonly hotelReservations: HotelReservations;
  readonly idempotency: IdempotencyStore;
  readonly outbox: EventOutbox;
  readonly ari: AriStore;
  readonly revisions: BookingRevisionStore;
  /** Events each consumer processed, with what it sent (notifications, issue 7). */
  readonly deliveries: DeliveryJournal;
  /** Partner webhook endpoints of the hotel and their delivery log (issue 7). */
  readonly webhooks: WebhookEndpoints;
  /** The booking path in fewer round trips, where the store offers it (see StayBookings). */
  readonly bookings?: StayBookings;
}

/**
 * Runs work in one database transaction on the shard of `routingId` (a hotel id or an id minted for
 * that hotel by the IdGenerator). Commits when the work returns an ok result; rolls back when it
 * returns an error result or throws, so an expected failure never leaves partial data.
 */
export interface UnitOfWork {
  run<T, E>(routingId: string, work: (scope: TransactionScope) => Promise<Result<T, E>>): Promise<Result<T, E>>;
}
