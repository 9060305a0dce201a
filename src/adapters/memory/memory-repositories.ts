import type { DomainEvent } from '../../core/events/domain-event.js';
import type { Hotel } from '../../core/hotel/hotel.js';
import type { RoomType } from '../../core/hotel/room-type.js';
import { canReserve, sellableRooms, type InventoryNight } from '../../core/inventory/inventory-night.js';
import { NO_RESTRICTIONS, type Restrictions } from '../../core/inventory/restrictions.js';
import type { NightRate } from '../../core/rates/pricing.js';
import type { RatePlan } from '../../core/rates/rate-plan.js';
import type { RatePlanRepository, RatePricesSetting } from '../../ports/rate-plan-repository.js';
import type { Reservation } from '../../core/reservation/reservation.js';
import { err, ok, type Result } from '../../core/shared/result.js';
import type { CalendarDate } from '../../core/time/calendar-date.js';
import type { DateRange } from '../../core/time/date-range.js';
import type { EventOutbox } from '../../ports/event-outbox.js';
import type { HotelRepository } from '../../ports/hotel-repository.js';
import type { ClaimOutcome, IdempotencyClaim, IdempotencyStore } from '../../ports/idempotency-store.js';
import type { InventoryRepository, NightPrice, NightsSetting, RoomAllocation } from '../../ports/inventory-repository.js';
import type { ReservationRepository } from '../../ports/reservation-repository.js';
import { inventoryKey, type MemoryState } from './memory-state.js';

export class MemoryHotelRepository implements HotelRepository {
  constructor(private readonly state: MemoryState) {}

  async add(hotel: Hotel): Promise<void> {
    this.state.hotels.set(hotel.id, hotel);
  }
  async get(hotelId: string): Promise<Hotel | undefined> {
    return this.state.hotels.get(hotelId);
  }
  // Units of work run one at a time here, so every read is already as good as locked.
  async getForUpdate(hotelId: string): Promise<Hotel | undefined> {
    return this.get(hotelId);
  }
  async update(hotel: Hotel): Promise<void> {
    if (!this.state.hotels.has(hotel.id)) throw new Error(`hotel ${hotel.id} does not exist`);
    this.state.hotels.set(hotel.id, hotel);
  }
  async addRoomType(roomType: RoomType): Promise<void> {
    this.state.roomTypes.set(roomType.id, roomType);
  }
  async getRoomType(hotelId: string, roomTypeId: string): Promise<RoomType | undefined> {
    const roomType = this.state.roomTypes.get(roomTypeId);
    return roomType?.hotelId === hotelId ? roomType : undefined;
  }
  async getRoomTypeForUpdate(hotelId: string, roomTypeId: string): Promise<RoomType | undefined> {
    return this.getRoomType(hotelId, roomTypeId);
  }
  async updateRoomType(roomType: RoomType): Promise<void> {
    if (this.state.roomTypes.get(roomType.id)?.hotelId !== roomType.hotelId) throw new Error(`room type ${roomType.id} does not exist`);
    this.state.roomTypes.set(roomType.id, roomType);
  }
  async listRoomTypes(hotelId: string): Promise<RoomType[]> {
    return [...this.state.roomTypes.values()].filter((rt) => rt.hotelId === hotelId);
  }
}

export class MemoryInventoryRepository implements InventoryRepository {
  constructor(private readonly state: MemoryState) {}

  async reserve(a: RoomAllocation, overbookingPercent: number): Promise<Result<NightPrice[], { failedNights: CalendarDate[] }>> {
    const nights = a.stay.nights().map((date) => ({ date, night: this.night(a.hotelId, a.roomTypeId, date) }));
    const failed = nights
      .filter(({ night }) => !night || night.restrictions.stopSell || !canReserve(night, a.rooms, overbookingPercent))
      .map(({ date }) => date);
    if (failed.length > 0) return err({ failedNights: failed });
    return ok(
      nights.map(({ date, night }) => {
        const n = night as InventoryNight;
        this.put({ ...n, reserved: n.reserved + a.rooms });
        return { date, price: n.price };
      }),
    );
  }

  async release(a: RoomAllocation): Promise<void> {
    const nights = a.stay.nights().map((date) => this.night(a.hotelId, a.roomTypeId, date));
    if (nights.some((n) => !n || n.reserved < a.rooms)) throw new Error(`release of ${a.stay.toString()} would go below zero`);
    for (const n of nights as InventoryNight[]) this.put({ ...n, reserved: n.reserved - a.rooms });
  }

  async setNights(s: NightsSetting): Promise<Result<number, { nights: { date: CalendarDate; reserved: number }[] }>> {
    const sellable = sellableRooms(s.totalRooms, s.overbookingPercent);
    const dates = s.nights.nights();
    const refused = dates
      .map((date) => ({ date, reserved: this.night(s.hotelId, s.roomTypeId, date)?.reserved ?? 0 }))
      .filter((n) => n.reserved > sellable);
    if (refused.length > 0) return err({ nights: refused });
    for (const date of dates) {
      const existing = this.night(s.hotelId, s.roomTypeId, date);
      this.put({
        hotelId: s.hotelId,
        roomTypeId: s.roomTypeId,
        date,
        totalRooms: s.totalRooms,
        reserved: existing?.reserved ?? 0,
        price: s.price,
        restrictions: existing?.restrictions ?? NO_RESTRICTIONS,
      });
    }
    return ok(dates.length);
  }

  async setRestrictions(hotelId: string, roomTypeId: string, range: DateRange, change: Partial<Restrictions>): Promise<number> {
    let changed = 0;
    for (const date of range.nights()) {
      const night = this.night(hotelId, roomTypeId, date);
      if (!night) continue;
      this.put({ ...night, restrictions: { ...night.restrictions, ...change } });
      changed++;
    }
    return changed;
  }

  async list(hotelId: string, roomTypeId: string, range: DateRange): Promise<InventoryNight[]> {
    return range.nights().flatMap((date) => this.night(hotelId, roomTypeId, date) ?? []);
  }

  private night(hotelId: string, roomTypeId: string, date: CalendarDate): InventoryNight | undefined {
    return this.state.inventory.get(inventoryKey(hotelId, roomTypeId, date.epochDay));
  }

  private put(night: InventoryNight): void {
    this.state.inventory.set(inventoryKey(night.hotelId, night.roomTypeId, night.date.epochDay), night);
  }
}

export class MemoryReservationRepository implements ReservationRepository {
  constructor(private readonly state: MemoryState) {}

  async add(reservation: Reservation): Promise<void> {
    this.state.reservations.set(reservation.id, reservation);
  }
  async get(reservationId: string): Promise<Reservation | undefined> {
    return this.state.reservations.get(reservationId);
  }
  async update(reservation: Reservation): Promise<void> {
    if (!this.state.reservations.has(reservation.id)) throw new Error(`reservation ${reservation.id} does not exist`);
    this.state.reservations.set(reservation.id, reservation);
  }
}

export class MemoryIdempotencyStore implements IdempotencyStore {
  constructor(private readonly state: MemoryState) {}

  async claim(c: IdempotencyClaim): Promise<ClaimOutcome> {
    const key = JSON.stringify([c.scope, c.key]);
    const existing = this.state.idempotency.get(key);
    if (!existing) {
      this.state.idempotency.set(key, { fingerprint: c.fingerprint, resourceId: c.resourceId });
      return { kind: 'claimed' };
    }
    return existing.fingerprint === c.fingerprint ? { kind: 'replay', resourceId: existing.resourceId } : { kind: 'conflict' };
  }
}

export class MemoryEventOutbox implements EventOutbox {
  constructor(private readonly state: MemoryState) {}

  async append(events: readonly DomainEvent[]): Promise<void> {
    for (const event of events) this.state.outbox.push({ seq: ++this.state.outboxSeq, event, sentAt: undefined });
  }
}

export class MemoryRatePlanRepository implements RatePlanRepository {
  constructor(private readonly state: MemoryState) {}

  async add(plan: RatePlan): Promise<void> {
    this.state.ratePlans.set(plan.id, plan);
  }
  async get(hotelId: string, ratePlanId: string): Promise<RatePlan | undefined> {
    const plan = this.state.ratePlans.get(ratePlanId);
    return plan?.hotelId === hotelId ? plan : undefined;
  }
  async listForRoomType(hotelId: string, roomTypeId: string): Promise<RatePlan[]> {
    return [...this.state.ratePlans.values()].filter((p) => p.hotelId === hotelId && p.roomTypeId === roomTypeId);
  }
  async setPrices(s: RatePricesSetting): Promise<number> {
    const dates = s.nights.nights();
    for (const date of dates) {
      this.state.ratePrices.set(inventoryKey(s.hotelId, s.ratePlanId, date.epochDay), {
        date,
        pricesByAdultsMinor: [...s.pricesByAdultsMinor],
        extraChildMinor: s.extraChildMinor,
      });
    }
    return dates.length;
  }
  async prices(hotelId: string, ratePlanId: string, range: DateRange): Promise<NightRate[]> {
    return range.nights().flatMap((d) => this.state.ratePrices.get(inventoryKey(hotelId, ratePlanId, d.epochDay)) ?? []);
  }
}
