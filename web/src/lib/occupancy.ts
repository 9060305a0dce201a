import { nights } from './dates.js';

export interface NightCount {
  readonly date: string;
  readonly totalRooms: number;
  readonly reserved: number;
}

export interface OccupancyPoint {
  readonly date: string;
  readonly reserved: number;
  readonly total: number;
  /** reserved / total, 0 when there is no inventory; above 1 when overbooked. */
  readonly ratio: number;
}

/** Occupancy of the whole hotel per night: the room types' nights summed; missing nights count as empty. */
export function occupancySeries(roomTypes: readonly (readonly NightCount[])[], from: string, to: string): OccupancyPoint[] {
  const sums = new Map<string, { reserved: number; total: number }>();
  for (const list of roomTypes) {
    for (const night of list) {
      const sum = sums.get(night.date) ?? { reserved: 0, total: 0 };
      sums.set(night.date, { reserved: sum.reserved + night.reserved, total: sum.total + night.totalRooms });
    }
  }
  return nights(from, to).map((date) => {
    const sum = sums.get(date) ?? { reserved: 0, total: 0 };
    return { date, ...sum, ratio: sum.total === 0 ? 0 : sum.reserved / sum.total };
  });
}
