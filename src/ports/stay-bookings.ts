import type { DomainEvent } from '../core/events/domain-event.js';
import type { Hotel } from '../core/hotel/hotel.js';
import type { RoomType } from '../core/hotel/room-type.js';
import type { InventoryNight } from '../core/inventory/inventory-night.js';
import type { NightRate } from '../core/rates/pricing.js';
import type { RatePlan } from '../core/rates/rate-plan.js';
import type { Reservation } from '../core/reservation/reservation.js';
import type { DateRange } from '../core/time/date-range.js';
import type { ClaimOutcome, IdempotencyClaim } from './idempotency-store.js';

/** What a booking reads to judge a stay. */
export interface StayLookup {
  readonly hotelId: string;
  readonly roomTypeId: string;
  /** Empty: the standard rate, no plan is read. */
  readonly ratePlanId: string;
  /** The nights whose prices are read; inventory is read for them and the departure day. Absent: none. */
  readonly stay: DateRange | undefined;
}

/** The rows a booking judges, as the transaction sees them (hotel and room type locked FOR SHARE). */
export interface StaySnapshot {
  readonly hotel: Hotel | undefined;
  readonly roomType: RoomType | undefined;
  /** Only a plan of this hotel; the caller checks its room type. */
  readonly ratePlan: RatePlan | undefined;
  /** The plan's prices over the stay, in date order (empty without a plan). */
  readonly rates: readonly NightRate[];
  /** Inventory of the stay's nights and of the departure day, in date order. */
  readonly nights: readonly InventoryNight[];
}

/**
 * The booking path's reads and writes in as few round trips as a store can make them, inside a unit
 * of work, with exactly the meaning of the separate repository calls they replace:
 * - `claimAndLoad` = `idempotency.claim`, then (only when claimed) `hotels.get`, `hotels.getRoomType`,
 *   `ratePlans.get` / `prices` and `inventory.list`;
 * - `addReservation` = `reservations.add` followed by `outbox.append`. It is the unit of work's last
 *   statement: a store may commit the transaction with it (the unit of work's commit then has nothing
 *   left to send), so nothing may follow it but a successful end of the work.
 * Optional in a TransactionScope: the core composes the repository calls when it is absent.
 */
export interface StayBookings {
  claimAndLoad(claim: IdempotencyClaim, lookup: StayLookup): Promise<{ readonly claim: ClaimOutcome; readonly snapshot?: StaySnapshot }>;
  addReservation(reservation: Reservation, events: readonly DomainEvent[]): Promise<void>;
}
