import type { EntityManager } from '@mikro-orm/postgresql';
import type { NightRate } from '../../core/rates/pricing.js';
import type { RatePlan } from '../../core/rates/rate-plan.js';
import type { DateRange } from '../../core/time/date-range.js';
import type { RatePlanRepository, RatePricesSetting } from '../../ports/rate-plan-repository.js';
import * as mapper from './rate-plan.mapper.js';
import { RatePlanSchema } from './records/rate-plan.record.js';
import { arrayLiteral, toCalendarDate, toSafeInteger } from './sql-values.js';

const SET_PRICES_SQL = `
insert into rate_prices as p (hotel_id, rate_plan_id, night, prices_by_adults_minor, extra_child_minor)
select :hotelId, :ratePlanId, :from::date + day, :prices::bigint[], :extraChild
  from generate_series(0, :nights - 1) as day
    on conflict (hotel_id, rate_plan_id, night)
    do update set prices_by_adults_minor = excluded.prices_by_adults_minor, extra_child_minor = excluded.extra_child_minor`;

const PRICES_SQL = `
select night::text as night, prices_by_adults_minor::text[] as prices, extra_child_minor
  from rate_prices
 where hotel_id = :hotelId and rate_plan_id = :ratePlanId and night >= :from::date and night < :to::date
 order by night`;

export class PostgresRatePlanRepository implements RatePlanRepository {
  constructor(private readonly em: EntityManager) {}

  async add(plan: RatePlan): Promise<void> {
    await this.em.insert(RatePlanSchema, mapper.toRecord(plan));
  }

  async get(hotelId: string, ratePlanId: string): Promise<RatePlan | undefined> {
    const record = await this.em.findOne(RatePlanSchema, { hotelId, id: ratePlanId }, { disableIdentityMap: true });
    return record ? mapper.toDomain(record) : undefined;
  }

  async listForRoomType(hotelId: string, roomTypeId: string): Promise<RatePlan[]> {
    const records = await this.em.find(RatePlanSchema, { hotelId, roomTypeId }, { disableIdentityMap: true, orderBy: { createdAt: 'asc', id: 'asc' } });
    return records.map(mapper.toDomain);
  }

  async setPrices(s: RatePricesSetting): Promise<number> {
    for (const price of [...s.pricesByAdultsMinor, s.extraChildMinor]) {
      if (!Number.isSafeInteger(price)) throw new RangeError(`expected an integer price, got ${price}`);
    }
    await this.em.execute(SET_PRICES_SQL, {
      hotelId: s.hotelId,
      ratePlanId: s.ratePlanId,
      from: s.nights.checkIn.toString(),
      nights: s.nights.nightCount,
      prices: arrayLiteral(s.pricesByAdultsMinor.map(String)),
      extraChild: s.extraChildMinor,
    });
    return s.nights.nightCount;
  }

  async prices(hotelId: string, ratePlanId: string, range: DateRange): Promise<NightRate[]> {
    const rows = await this.em.execute<{ night: string; prices: string[]; extra_child_minor: string | number }[]>(PRICES_SQL, {
      hotelId,
      ratePlanId,
      from: range.checkIn.toString(),
      to: range.checkOut.toString(),
    });
    return rows.map((row) => ({
      date: toCalendarDate(row.night),
      pricesByAdultsMinor: row.prices.map(toSafeInteger),
      extraChildMinor: toSafeInteger(row.extra_child_minor),
    }));
  }
}
