import { parseInventoryRange } from '../admin/inventory-window.js';
import { notFound, Violations, type InvalidArgument, type NotFound } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import type { Restrictions } from './restrictions.js';
import type { Clock } from '../../ports/clock.js';
import type { UnitOfWork } from '../../ports/unit-of-work.js';

export interface SetRestrictionsCommand {
  readonly hotelId: string;
  readonly roomTypeId: string;
  readonly from: string;
  readonly to: string;
  /** Only the restrictions given change; the others keep their values. */
  readonly change: Partial<Restrictions>;
}

export const MAX_LENGTH_OF_STAY = 366;

/** Changes sell restrictions on the existing nights of a range; returns how many nights changed. */
export class SetRestrictions {
  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly clock: Clock }) {}

  async execute(c: SetRestrictionsCommand): Promise<Result<number, InvalidArgument | NotFound>> {
    const v = new Violations();
    const { minStay, maxStay } = c.change;
    const validStay = (n: number | null | undefined) => n == null || (Number.isInteger(n) && n >= 1 && n <= MAX_LENGTH_OF_STAY);
    v.require(validStay(minStay), 'min_stay', `must be from 1 to ${MAX_LENGTH_OF_STAY}`);
    v.require(validStay(maxStay), 'max_stay', `must be from 1 to ${MAX_LENGTH_OF_STAY}`);
    if (minStay != null && maxStay != null) v.require(maxStay >= minStay, 'max_stay', 'must not be less than min_stay');
    v.require(Object.keys(c.change).length > 0, 'restrictions', 'must change at least one restriction');
    if (!v.isEmpty) return err(v.toError());
    return this.deps.uow.run(c.hotelId, async (tx): Promise<Result<number, InvalidArgument | NotFound>> => {
      const hotel = await tx.hotels.get(c.hotelId);
      if (!hotel?.isActive) return err(notFound('hotel', c.hotelId));
      if (!(await tx.hotels.getRoomType(hotel.id, c.roomTypeId))?.active) return err(notFound('room_type', c.roomTypeId));
      const range = parseInventoryRange(hotel, c.from, c.to, this.deps.clock.now(), false);
      if (!range.ok) return range;
      return ok(await tx.inventory.setRestrictions(hotel.id, c.roomTypeId, range.value, c.change));
    });
  }
}
