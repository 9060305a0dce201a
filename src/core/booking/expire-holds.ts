import type { Clock } from '../../ports/clock.js';
import type { HoldSweep } from '../../ports/hold-sweep.js';
import type { UnitOfWork } from '../../ports/unit-of-work.js';
import { ok, type Result } from '../shared/result.js';

/**
 * The hold sweeper: every hold whose time has passed becomes EXPIRED and gives its nights back,
 * each in its own transaction (a hold confirmed meanwhile is left alone: the state machine refuses).
 * Run periodically; `now` comes from the Clock so tests drive it.
 */
export class ExpireHolds {
  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly clock: Clock; readonly holds: HoldSweep }) {}

  /** Expires up to `limit` lapsed holds; returns how many. */
  async runOnce(limit = 100): Promise<number> {
    const now = this.deps.clock.now();
    let expired = 0;
    for (const holdId of await this.deps.holds.lapsedHolds(now, limit)) {
      const result = await this.deps.uow.run(holdId, async (tx): Promise<Result<boolean, never>> => {
        const hold = await tx.reservations.get(holdId);
        const lapsed = hold?.expire(now);
        if (!hold || !lapsed?.ok) return ok(false);
        await tx.inventory.release({ hotelId: hold.hotelId, roomTypeId: hold.roomTypeId, stay: hold.stay, rooms: 1 });
        await tx.reservations.update(lapsed.value);
        return ok(true);
      });
      if (result.ok && result.value) expired++;
    }
    return expired;
  }
}
