import type { InventoryNight } from '../../core/inventory/inventory-night.js';
import { distanceKm } from '../../core/hotel/geo-point.js';
import { matchesText, textScore } from '../../core/search/free-text.js';
import type { DomainEvent } from '../../core/events/domain-event.js';
import type { Result } from '../../core/shared/result.js';
import type { DateRange } from '../../core/time/date-range.js';
import type { AvailabilityReader, RoomTypeRef } from '../../ports/availability-reader.js';
import type { HotelDirectory, HotelListPage, HotelListQuery } from '../../ports/hotel-directory.js';
import type { Candidate, CandidateQuery, HotelSearch } from '../../ports/hotel-search.js';
import type { HoldSweep } from '../../ports/hold-sweep.js';
import type { NotificationEntry, NotificationLog } from '../../ports/notification-log.js';
import type { OutboxFeed } from '../../ports/outbox-feed.js';
import type { TransactionScope, UnitOfWork } from '../../ports/unit-of-work.js';
import {
  MemoryEventOutbox,
  MemoryHotelRepository,
  MemoryIdempotencyStore,
  MemoryInventoryRepository,
  MemoryRatePlanRepository,
  MemoryReservationRepository,
} from './memory-repositories.js';
import { listHotelsIn, MemoryHotelReservations } from './memory-hotel-management.js';
import { MemoryAriStore } from './memory-ari-store.js';
import { MemoryBookingRevisionStore } from './memory-booking-revision-store.js';
import { MemoryDeliveryJournal } from './memory-delivery-journal.js';
import { MemoryWebhookEndpoints } from './memory-webhook-endpoints.js';
import { copyState, emptyState, inventoryKey, type MemoryState } from './memory-state.js';

/**
 * An in-memory database implementing every persistence port, for application tests and demos.
 * Units of work run one at a time against a copy of the state that replaces it on commit, so
 * atomicity and isolation are real (serializable), not assumed.
 */
export class MemoryDatabase implements UnitOfWork, HotelSearch, AvailabilityReader, NotificationLog, OutboxFeed, HoldSweep, HotelDirectory {
  private state: MemoryState = emptyState();
  private queue: Promise<unknown> = Promise.resolve();

  run<T, E>(_routingId: string, work: (scope: TransactionScope) => Promise<Result<T, E>>): Promise<Result<T, E>> {
    return this.exclusive(async () => {
      const draft = copyState(this.state);
      const result = await work({
        hotels: new MemoryHotelRepository(draft),
        inventory: new MemoryInventoryRepository(draft),
        ratePlans: new MemoryRatePlanRepository(draft),
        reservations: new MemoryReservationRepository(draft),
        hotelReservations: new MemoryHotelReservations(draft),
        idempotency: new MemoryIdempotencyStore(draft),
        outbox: new MemoryEventOutbox(draft),
        ari: new MemoryAriStore(draft),
        revisions: new MemoryBookingRevisionStore(draft),
        deliveries: new MemoryDeliveryJournal(draft),
        webhooks: new MemoryWebhookEndpoints(draft),
      });
      if (result.ok) this.state = draft;
      return result;
    });
  }

  async findCandidates(q: CandidateQuery): Promise<Candidate[]> {
    const candidates: Candidate[] = [];
    for (const hotel of this.state.hotels.values()) {
      const distance = q.area.kind === 'circle' ? distanceKm(q.area.center, hotel.location) : 0;
      const inArea = q.area.kind === 'city' ? hotel.city.toLowerCase() === q.area.city.trim().toLowerCase() : distance <= q.area.radiusKm;
      if (!hotel.isActive || !inArea || !q.amenities.every((a) => hotel.amenities.includes(a))) continue;
      if (q.text !== undefined && !matchesText(hotel.name, q.text)) continue;
      const roomTypes = [...this.state.roomTypes.values()]
        .filter((rt) => rt.hotelId === hotel.id && rt.active && rt.sleeps(q.guests))
        .sort((a, b) => codepointOrder(a.name, b.name) || codepointOrder(a.id, b.id));
      if (roomTypes.length > 0) candidates.push({ hotel, distanceKm: distance, roomTypes, score: q.text ? textScore(hotel.name, q.text) : 0 });
    }
    // The Postgres adapter's order (C collation: code points), which the search contract pins for every adapter.
    const byName = (a: Candidate, b: Candidate) => codepointOrder(a.hotel.name, b.hotel.name) || codepointOrder(a.hotel.id, b.hotel.id);
    const byScore = (a: Candidate, b: Candidate) => (b.score ?? 0) - (a.score ?? 0) || byName(a, b);
    candidates.sort(q.order === 'relevance' ? byScore : (a, b) => (q.area.kind === 'circle' ? a.distanceKm - b.distanceKm || byName(a, b) : byName(a, b)));
    return candidates.slice(0, q.limit);
  }

  async listHotels(q: HotelListQuery): Promise<HotelListPage> {
    return listHotelsIn(this.state, q);
  }

  async nightsByRoomType(refs: readonly RoomTypeRef[], stay: DateRange): Promise<InventoryNight[][]> {
    const days = [...stay.nights(), stay.checkOut];
    return refs.map((r) => days.flatMap((d) => this.state.inventory.get(inventoryKey(r.hotelId, r.roomTypeId, d.epochDay)) ?? []));
  }

  recordOnce(entry: NotificationEntry): Promise<boolean> {
    return this.exclusive(async () => {
      if (this.state.notifications.has(entry.eventId)) return false;
      this.state.notifications.set(entry.eventId, entry);
      return true;
    });
  }

  relay(limit: number, publish: (events: readonly DomainEvent[]) => Promise<void>): Promise<number> {
    return this.exclusive(async () => {
      const batch = this.state.outbox.filter((r) => !r.sentAt).slice(0, limit);
      if (batch.length === 0) return 0;
      await publish(batch.map((r) => r.event));
      const sent = new Set(batch.map((r) => r.seq));
      const at = new Date();
      this.state.outbox = this.state.outbox.map((r) => (sent.has(r.seq) ? { ...r, sentAt: at } : r));
      return batch.length;
    });
  }

  async lapsedHolds(now: Date, limit: number): Promise<string[]> {
    return [...this.state.reservations.values()]
      .filter((r) => r.status === 'HELD' && r.holdExpiresAt !== undefined && r.holdExpiresAt <= now)
      .sort((a, b) => (a.holdExpiresAt?.getTime() ?? 0) - (b.holdExpiresAt?.getTime() ?? 0))
      .slice(0, limit)
      .map((r) => r.id);
  }

  async lagMillis(now: Date): Promise<number> {
    const oldest = this.state.outbox.find((r) => !r.sentAt);
    return oldest ? Math.max(0, now.getTime() - oldest.event.occurredAt.getTime()) : 0;
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

const codepointOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
