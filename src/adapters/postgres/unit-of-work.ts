import type { EntityManager } from '@mikro-orm/postgresql';
import { PostgresAriStore } from './ari-store.js';
import { PostgresBookingRevisionStore } from './booking-revision-store.js';
import type { PiiProtector } from '../../ports/pii-protector.js';
import type { Result } from '../../core/shared/result.js';
import type { TransactionScope, UnitOfWork } from '../../ports/unit-of-work.js';
import { PostgresDeliveryJournal } from './delivery-journal.js';
import { PostgresWebhookEndpoints } from './webhook-endpoints.js';
import { PostgresEventOutbox } from './event-outbox.js';
import { PostgresHotelRepository } from './hotel-repository.js';
import { PostgresHotelReservations } from './hotel-reservations.js';
import { PostgresIdempotencyStore } from './idempotency-store.js';
import { PostgresInventoryRepository } from './inventory-repository.js';
import { PostgresRatePlanRepository } from './rate-plan-repository.js';
import { PostgresReservationRepository } from './reservation-repository.js';
import { PostgresStayBookings, type PendingBucketEntry } from './stay-bookings.js';

/**
 * One READ COMMITTED transaction per call on a fresh fork of the entity manager: every repository of
 * the scope, ORM calls and raw SQL alike, runs on the fork and so on the transaction's connection.
 */
export class PostgresUnitOfWork implements UnitOfWork {
  constructor(
    private readonly em: EntityManager,
    private readonly pii: PiiProtector,
  ) {}

  // routingId picks the shard once there are several databases; with one database it is unused.
  async run<T, E>(_routingId: string, work: (scope: TransactionScope) => Promise<Result<T, E>>): Promise<Result<T, E>> {
    const em = this.em.fork({ clear: true });
    await em.begin();
    let result: Result<T, E>;
    try {
      result = await work(scopeOf(em, this.pii));
    } catch (error) {
      await rollbackQuietly(em);
      throw error;
    }
    if (!result.ok) {
      await em.rollback();
      return result;
    }
    try {
      await em.commit();
    } catch (error) {
      await rollbackQuietly(em);
      throw error;
    }
    return result;
  }
}

/** The repositories on `em` (guest PII sealed by `pii`); `entry` lets the booking statement enter a sharded unit of work's bucket. */
export function scopeOf(em: EntityManager, pii: PiiProtector, entry?: PendingBucketEntry): TransactionScope {
  return {
    hotels: new PostgresHotelRepository(em),
    inventory: new PostgresInventoryRepository(em),
    ratePlans: new PostgresRatePlanRepository(em),
    reservations: new PostgresReservationRepository(em, pii),
    hotelReservations: new PostgresHotelReservations(em, pii),
    idempotency: new PostgresIdempotencyStore(em),
    outbox: new PostgresEventOutbox(em, pii),
    ari: new PostgresAriStore(em),
    revisions: new PostgresBookingRevisionStore(em, pii),
    deliveries: new PostgresDeliveryJournal(em, pii),
    webhooks: new PostgresWebhookEndpoints(em, pii),
    bookings: new PostgresStayBookings(em, pii, entry),
  };
}

/** Rolls back after a failure without hiding the failure behind a rollback error. */
async function rollbackQuietly(em: EntityManager): Promise<void> {
  try {
    await em.rollback();
  } catch {
    // The connection may be gone; the original error is the one worth reporting.
  }
}
