import { BigIntType, EntitySchema } from '@mikro-orm/core';

/** One row of `rate_plans`: how a room type is sold (board, refundability, cancellation terms, taxes). */
export interface RatePlanRecord {
  hotelId: string;
  id: string;
  roomTypeId: string;
  name: string;
  mealPlan: string;
  refundable: boolean;
  /** null: never free (non-refundable). */
  freeUntilHours: number | null;
  penaltyKind: string;
  penaltyPercent: number | null;
  vatBasisPoints: number;
  cityTaxMinor: number;
  createdAt: Date;
}

export const RatePlanSchema = new EntitySchema<RatePlanRecord>({
  name: 'RatePlanRecord',
  tableName: 'rate_plans',
  indexes: [{ name: 'rate_plans_room_type_idx', properties: ['hotelId', 'roomTypeId'] }],
  properties: {
    hotelId: { type: 'text', fieldName: 'hotel_id', primary: true },
    id: { type: 'text', primary: true },
    roomTypeId: { type: 'text', fieldName: 'room_type_id' },
    name: { type: 'text' },
    mealPlan: { type: 'text', fieldName: 'meal_plan' },
    refundable: { type: 'boolean' },
    freeUntilHours: { type: 'integer', fieldName: 'free_until_hours', nullable: true },
    penaltyKind: { type: 'text', fieldName: 'penalty_kind' },
    penaltyPercent: { type: 'integer', fieldName: 'penalty_percent', nullable: true },
    vatBasisPoints: { type: 'integer', fieldName: 'vat_basis_points' },
    cityTaxMinor: { type: new BigIntType('number'), fieldName: 'city_tax_minor' },
    createdAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'created_at', defaultRaw: 'now()' },
  },
});

/** One row of `rate_prices`: a rate plan's prices for one night. Read and written with raw SQL. */
export interface RatePriceRecord {
  hotelId: string;
  ratePlanId: string;
  night: string;
  pricesByAdultsMinor: string[];
  extraChildMinor: number;
}

export const RatePriceSchema = new EntitySchema<RatePriceRecord>({
  name: 'RatePriceRecord',
  tableName: 'rate_prices',
  checks: [
    { name: 'rate_prices_prices_by_adults_minor_check', expression: 'cardinality(prices_by_adults_minor) >= 1 and cardinality(prices_by_adults_minor) <= 20' },
    { name: 'rate_prices_extra_child_minor_check', expression: 'extra_child_minor >= 0' },
  ],
  properties: {
    hotelId: { type: 'text', fieldName: 'hotel_id', primary: true },
    ratePlanId: { type: 'text', fieldName: 'rate_plan_id', primary: true },
    night: { type: 'date', primary: true },
    pricesByAdultsMinor: { type: 'text[]', columnType: 'bigint[]', fieldName: 'prices_by_adults_minor' },
    extraChildMinor: { type: new BigIntType('number'), fieldName: 'extra_child_minor' },
  },
});
