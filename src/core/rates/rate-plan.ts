import { Violations, type InvalidArgument } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';

export type MealPlan = 'ROOM_ONLY' | 'BREAKFAST' | 'HALF_BOARD' | 'FULL_BOARD' | 'ALL_INCLUSIVE';
export const MEAL_PLANS: readonly MealPlan[] = ['ROOM_ONLY', 'BREAKFAST', 'HALF_BOARD', 'FULL_BOARD', 'ALL_INCLUSIVE'];

/** What a late cancellation costs. */
export type Penalty =
  | { readonly kind: 'FIRST_NIGHT' }
  | { readonly kind: 'PERCENT'; readonly percent: number }
  | { readonly kind: 'FULL_STAY' };

/**
 * Free until `freeUntilHoursBeforeArrival` hours before arrival (00:00 of the check-in day in the
 * hotel's time zone), then `penalty`; `null` hours means never free (non-refundable).
 */
export interface CancellationPolicy {
  readonly freeUntilHoursBeforeArrival: number | null;
  readonly penalty: Penalty;
}

export const NON_REFUNDABLE: CancellationPolicy = { freeUntilHoursBeforeArrival: null, penalty: { kind: 'FULL_STAY' } };

/** Taxes on a stay: VAT in basis points of the before-tax price, and a city tax per person per night. */
export interface Taxes {
  readonly vatBasisPoints: number;
  readonly cityTaxPerPersonNightMinor: number;
}

export interface RatePlanProps {
  readonly id: string;
  readonly hotelId: string;
  readonly roomTypeId: string;
  readonly name: string;
  readonly mealPlan: MealPlan;
  readonly refundable: boolean;
  readonly cancellationPolicy: CancellationPolicy;
  readonly taxes: Taxes;
}

export type NewRatePlan = Omit<RatePlanProps, 'id'>;

export const RATE_LIMITS = { maxVatBasisPoints: 5_000, maxCityTaxMinor: 100_000, maxFreeHours: 24 * 365 } as const;

/** How a room type is sold: board, refundability, cancellation terms and taxes. Nightly prices live per night (RatePrices). */
export class RatePlan {
  private constructor(private readonly props: RatePlanProps) {}

  static create(id: string, input: NewRatePlan): Result<RatePlan, InvalidArgument> {
    const v = new Violations();
    const name = input.name.trim();
    v.require(name.length >= 1 && name.length <= 100, 'name', 'must be 1-100 characters');
    v.require(MEAL_PLANS.includes(input.mealPlan), 'meal_plan', `must be one of ${MEAL_PLANS.join(', ')}`);
    const p = input.cancellationPolicy;
    const hours = p.freeUntilHoursBeforeArrival;
    v.require(
      !input.refundable || (hours !== null && Number.isInteger(hours) && hours >= 0 && hours <= RATE_LIMITS.maxFreeHours),
      'cancellation_policy.free_until_hours_before_arrival',
      `must be from 0 to ${RATE_LIMITS.maxFreeHours}`,
    );
    if (p.penalty.kind === 'PERCENT') {
      v.require(Number.isInteger(p.penalty.percent) && p.penalty.percent >= 1 && p.penalty.percent <= 100, 'cancellation_policy.penalty_percent', 'must be from 1 to 100');
    }
    v.require(
      Number.isInteger(input.taxes.vatBasisPoints) && input.taxes.vatBasisPoints >= 0 && input.taxes.vatBasisPoints <= RATE_LIMITS.maxVatBasisPoints,
      'taxes.vat_basis_points',
      `must be from 0 to ${RATE_LIMITS.maxVatBasisPoints} (50%)`,
    );
    v.require(
      Number.isSafeInteger(input.taxes.cityTaxPerPersonNightMinor) && input.taxes.cityTaxPerPersonNightMinor >= 0 && input.taxes.cityTaxPerPersonNightMinor <= RATE_LIMITS.maxCityTaxMinor,
      'taxes.city_tax_per_person_night_minor',
      `must be from 0 to ${RATE_LIMITS.maxCityTaxMinor}`,
    );
    if (!v.isEmpty) return err(v.toError());
    return ok(new RatePlan({ ...input, id, name }));
  }

  static rehydrate(props: RatePlanProps): RatePlan {
    return new RatePlan(props);
  }

  get id(): string {
    return this.props.id;
  }
  get hotelId(): string {
    return this.props.hotelId;
  }
  get roomTypeId(): string {
    return this.props.roomTypeId;
  }
  get name(): string {
    return this.props.name;
  }
  get mealPlan(): MealPlan {
    return this.props.mealPlan;
  }
  get refundable(): boolean {
    return this.props.refundable;
  }
  /** The policy that applies: a non-refundable plan always charges the full stay. */
  get cancellationPolicy(): CancellationPolicy {
    return this.props.refundable ? this.props.cancellationPolicy : NON_REFUNDABLE;
  }
  get taxes(): Taxes {
    return this.props.taxes;
  }

  toProps(): RatePlanProps {
    return this.props;
  }
}
