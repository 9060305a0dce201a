import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { availableRooms, canReserve, sellableRooms } from '../../src/core/inventory/inventory-night.js';

describe('sellable rooms with an overbooking allowance', () => {
  it.each([
    [10, 0, 10],
    [10, 10, 11],
    [10, 15, 11],
    [3, 50, 4],
    [7, 20, 8],
    [0, 50, 0],
  ])('total %i at %i%% sells %i', (total, pct, sellable) => {
    expect(sellableRooms(total, pct)).toBe(sellable);
  });

  it('is floor(total x (1 + pct/100)), never below the physical count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 50 }), (total, pct) => {
        const sellable = sellableRooms(total, pct);
        expect(sellable).toBeGreaterThanOrEqual(total);
        expect(sellable).toBe(Math.floor((total * (100 + pct)) / 100));
        expect(sellable * 100).toBeLessThanOrEqual(total * (100 + pct));
        expect((sellable + 1) * 100).toBeGreaterThan(total * (100 + pct));
      }),
    );
  });

  it('allows a reservation exactly when the rooms fit in what is still available', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 600 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 50 }), (total, reserved, rooms, pct) => {
        const night = { totalRooms: total, reserved };
        expect(canReserve(night, rooms, pct)).toBe(availableRooms(night, pct) >= rooms);
        expect(availableRooms(night, pct)).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
