import type { Money } from '../money/money.js';
import type { CalendarDate } from '../time/calendar-date.js';
import type { Restrictions } from './restrictions.js';

/** One room type on one night of one hotel. */
export interface InventoryNight {
  readonly hotelId: string;
  readonly roomTypeId: string;
  readonly date: CalendarDate;
  /** Physical rooms. */
  readonly totalRooms: number;
  /** Rooms held by live reservations. */
  readonly reserved: number;
  /** Price of the room for the night under the standard rate (no rate plan). */
  readonly price: Money;
  readonly restrictions: Restrictions;
}

/**
 * Rooms that may be sold on a night: the physical count plus the hotel's overbooking allowance,
 * rounded down: floor(total x (100 + percent) / 100), in integers so adapters can repeat it in SQL.
 */
export function sellableRooms(totalRooms: number, overbookingPercent: number): number {
  return Math.floor((totalRooms * (100 + overbookingPercent)) / 100);
}

/** Rooms still for sale on a night; never negative. */
export function availableRooms(night: Pick<InventoryNight, 'totalRooms' | 'reserved'>, overbookingPercent: number): number {
  return Math.max(0, sellableRooms(night.totalRooms, overbookingPercent) - night.reserved);
}

/** The rule every reservation of `rooms` must pass on each of its nights. */
export function canReserve(night: Pick<InventoryNight, 'totalRooms' | 'reserved'>, rooms: number, overbookingPercent: number): boolean {
  return night.reserved + rooms <= sellableRooms(night.totalRooms, overbookingPercent);
}
