import type { Restrictions } from '../core/inventory/restrictions.js';
import type { DateRange } from '../core/time/date-range.js';

/** One validated ARI update of a hotel's batch, ready to apply. */
export interface AriUpdatePlan {
  /** Position in the partner's request: later updates win, field by field, on a night both touch. */
  readonly index: number;
  readonly roomTypeId: string;
  readonly range: DateRange;
  /** Days of the week selected, bit 0 = Monday ... bit 6 = Sunday; 127 = every day. */
  readonly weekdayMask: number;
  readonly totalRooms?: number;
  /** Standard-rate nightly price, minor units of the hotel's currency. */
  readonly standardPriceMinor?: number;
  /** A rate plan's occupancy prices (the plan belongs to the room type). */
  readonly ratePrices?: { readonly ratePlanId: string; readonly pricesByAdultsMinor: readonly number[]; readonly extraChildMinor: number };
  /** Only the restrictions given change; null min/max stay clears the limit. */
  readonly restrictions: Partial<Restrictions>;
}

export interface AriHotelBatch {
  readonly hotelId: string;
  readonly currency: string;
  readonly overbookingPercent: number;
  /** In request order. */
  readonly updates: readonly AriUpdatePlan[];
}

export interface AriRefusedUpdate {
  readonly index: number;
  /** Nights where the update's total would leave fewer sellable rooms than are reserved. */
  readonly nights: readonly { readonly date: string; readonly reserved: number }[];
}

export interface AriApplyOutcome {
  /** Updates refused because their total_rooms fell below reservations: nothing of them was applied. */
  readonly refused: readonly AriRefusedUpdate[];
  /** Inventory nights and rate-plan nights written. */
  readonly nightsWritten: number;
}

export interface AriApplyOptions {
  /** Epoch milliseconds after which the running statement is cancelled (the unit of work then rolls back). */
  readonly deadlineAt?: number;
}

/**
 * Bulk ARI writes of one hotel, inside a unit of work on its shard.
 *
 * Contract of `apply`: every selected night (range x weekday mask) of every update is written,
 * later updates winning field by field; nights without inventory are created only from an update
 * (merged per night) that sets both total rooms and the standard price, else skipped; rate-plan
 * prices are written on every selected night. An update whose own total rooms would leave, on one
 * of its nights, fewer sellable rooms (`sellableRooms(total, overbookingPercent)`) than are reserved is
 * refused as a whole and nothing of it is written, whatever concurrent bookings do (the check and
 * the write are atomic). Every other update is applied.
 */
export interface AriStore {
  apply(batch: AriHotelBatch, options?: AriApplyOptions): Promise<AriApplyOutcome>;
}
