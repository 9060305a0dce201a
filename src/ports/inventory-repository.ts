import type { InventoryNight } from '../core/inventory/inventory-night.js';
import type { Restrictions } from '../core/inventory/restrictions.js';
import type { Money } from '../core/money/money.js';
import type { CalendarDate } from '../core/time/calendar-date.js';
import type { DateRange } from '../core/time/date-range.js';
import type { Result } from '../core/shared/result.js';

export interface RoomAllocation {
  readonly hotelId: string;
  readonly roomTypeId: string;
  readonly stay: DateRange;
  readonly rooms: number;
}

export interface NightPrice {
  readonly date: CalendarDate;
  readonly price: Money;
}

export interface NightsSetting {
  readonly hotelId: string;
  readonly roomTypeId: string;
  readonly nights: DateRange;
  readonly totalRooms: number;
  readonly price: Money;
  readonly overbookingPercent: number;
}

/**
 * Nightly inventory of room types, inside a unit of work. Implementations enforce the core's rule
 * (`canReserve`, `sellableRooms`) atomically, without read-modify-write, so that concurrent units of
 * work can never together reserve more than a night's sellable rooms.
 */
export interface InventoryRepository {
  /**
   * Reserves `rooms` on every night of the stay if each night exists, is not stop-sold and passes
   * `canReserve(night, rooms, overbookingPercent)`, else reserves nothing (all nights or none).
   * Returns each night's price, or the nights that failed.
   */
  reserve(allocation: RoomAllocation, overbookingPercent: number): Promise<Result<NightPrice[], { failedNights: CalendarDate[] }>>;
  /** Gives back `rooms` on every night of the stay. Throws if a night is missing or would go negative: that is a bug. */
  release(allocation: RoomAllocation): Promise<void>;
  /**
   * Creates or updates every night of the range with a total and a price, keeping `reserved`.
   * All nights or none: refused, naming the nights, where `reserved` would exceed the new sellable rooms.
   */
  setNights(setting: NightsSetting): Promise<Result<number, { nights: { date: CalendarDate; reserved: number }[] }>>;
  /** Changes the given restrictions (others kept) on every existing night of the range; returns how many nights. */
  setRestrictions(hotelId: string, roomTypeId: string, range: DateRange, change: Partial<Restrictions>): Promise<number>;
  /** Nights of the range that exist, in date order. */
  list(hotelId: string, roomTypeId: string, range: DateRange): Promise<InventoryNight[]>;
}
