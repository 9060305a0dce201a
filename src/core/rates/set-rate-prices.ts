import { parseInventoryRange } from '../admin/inventory-window.js';
import { MAX_NIGHTLY_PRICE_MINOR } from '../admin/set-inventory.js';
import { notFound, Violations, type InvalidArgument, type NotFound } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import type { Clock } from '../../ports/clock.js';
import type { UnitOfWork } from '../../ports/unit-of-work.js';

export interface SetRatePricesCommand {
  readonly hotelId: string;
  readonly ratePlanId: string;
  readonly from: string;
  readonly to: string;
  /** Price of the room for 1, 2, ... adults; each greater than zero. */
  readonly pricesByAdultsMinor: readonly number[];
  readonly extraChildMinor: number;
}

/** Sets a rate plan's occupancy prices for a range of nights; all nights or none. */
export class SetRatePrices {
  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly clock: Clock }) {}

  async execute(c: SetRatePricesCommand): Promise<Result<number, InvalidArgument | NotFound>> {
    const v = new Violations();
    v.require(c.pricesByAdultsMinor.length >= 1 && c.pricesByAdultsMinor.length <= 20, 'prices_by_adults_minor', 'must give 1 to 20 prices');
    c.pricesByAdultsMinor.forEach((p, i) =>
      v.require(Number.isSafeInteger(p) && p > 0 && p <= MAX_NIGHTLY_PRICE_MINOR, `prices_by_adults_minor[${i}]`, `must be greater than 0 and at most ${MAX_NIGHTLY_PRICE_MINOR}`),
    );
    v.require(Number.isSafeInteger(c.extraChildMinor) && c.extraChildMinor >= 0 && c.extraChildMinor <= MAX_NIGHTLY_PRICE_MINOR, 'extra_child_minor', 'must be from 0');
    if (!v.isEmpty) return err(v.toError());
    return this.deps.uow.run(c.hotelId, async (tx): Promise<Result<number, InvalidArgument | NotFound>> => {
      const hotel = await tx.hotels.get(c.hotelId);
      if (!hotel?.isActive) return err(notFound('hotel', c.hotelId));
      if (!(await tx.ratePlans.get(hotel.id, c.ratePlanId))) return err(notFound('rate_plan', c.ratePlanId));
      const range = parseInventoryRange(hotel, c.from, c.to, this.deps.clock.now(), false);
      if (!range.ok) return range;
      return ok(
        await tx.ratePlans.setPrices({
          hotelId: hotel.id,
          ratePlanId: c.ratePlanId,
          nights: range.value,
          pricesByAdultsMinor: c.pricesByAdultsMinor,
          extraChildMinor: c.extraChildMinor,
        }),
      );
    });
  }
}
