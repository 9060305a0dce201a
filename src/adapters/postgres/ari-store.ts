import type { EntityManager } from '@mikro-orm/postgresql';
import { EVERY_DAY_MASK, selects } from '../../core/partner/ari-update.js';
import type { AriApplyOptions, AriApplyOutcome, AriHotelBatch, AriRefusedUpdate, AriStore, AriUpdatePlan } from '../../ports/ari-store.js';

/**
 * The inventory part of a batch in one set-based statement. The updates travel as one JSON array;
 * Postgres expands each to its nights (generate_series over day offsets, filtered by the ISO
 * weekday mask), merges them per night (the core's rule: later update wins field by field), then
 * - `created` inserts the nights that do not exist yet and get both a total and a price,
 * - `changed` updates the nights that exist; UPDATE locks each row and re-reads its newest version
 *   under READ COMMITTED, so the `undercut` verdict on `reserved` is exact against concurrent
 *   bookings (which wait for this transaction from then on);
 * the final select names every update whose own total undercuts, on one of its nights, the rooms
 * reserved there (read from the locked row). The caller then rolls back to a savepoint and runs
 * again without those updates. The two CTEs touch disjoint rows.
 */
const APPLY_INVENTORY_SQL = `
with u as (
  select * from jsonb_to_recordset(:updates::jsonb)
    as u(i int, rt text, f date, n int, mask int, total int, price bigint, ss boolean, cta boolean, ctd boolean,
         smin boolean, vmin int, smax boolean, vmax int)
), e as (
  select u.*, u.f + d as night
    from u cross join lateral generate_series(0, u.n - 1) as d
   where (u.mask >> (extract(isodow from u.f + d)::int - 1)) & 1 = 1
), m as (
  select rt, night,
         (array_agg(total order by i desc) filter (where total is not null))[1] as total,
         (array_agg(price order by i desc) filter (where price is not null))[1] as price,
         (array_agg(ss order by i desc) filter (where ss is not null))[1] as ss,
         (array_agg(cta order by i desc) filter (where cta is not null))[1] as cta,
         (array_agg(ctd order by i desc) filter (where ctd is not null))[1] as ctd,
         bool_or(smin) as smin,
         (array_agg(vmin order by i desc) filter (where smin))[1] as vmin,
         bool_or(smax) as smax,
         (array_agg(vmax order by i desc) filter (where smax))[1] as vmax
    from e
   group by rt, night
), created as (
  insert into inventory (hotel_id, room_type_id, night, total_rooms, reserved, price_minor, currency,
                         stop_sell, closed_to_arrival, closed_to_departure, min_stay, max_stay)
  select :hotelId, m.rt, m.night, m.total, 0, m.price, :currency,
         coalesce(m.ss, false), coalesce(m.cta, false), coalesce(m.ctd, false), m.vmin, m.vmax
    from m
   where m.total is not null and m.price is not null
     and not exists (select 1 from inventory x where x.hotel_id = :hotelId and x.room_type_id = m.rt and x.night = m.night)
   order by m.rt, m.night
  on conflict (hotel_id, room_type_id, night) do nothing
  returning 1
), changed as (
  update inventory as t
     set total_rooms = coalesce(m.total, t.total_rooms),
         price_minor = coalesce(m.price, t.price_minor),
         stop_sell = coalesce(m.ss, t.stop_sell),
         closed_to_arrival = coalesce(m.cta, t.closed_to_arrival),
         closed_to_departure = coalesce(m.ctd, t.closed_to_departure),
         min_stay = case when m.smin then m.vmin else t.min_stay end,
         max_stay = case when m.smax then m.vmax else t.max_stay end
    from m
   where t.hotel_id = :hotelId and t.room_type_id = m.rt and t.night = m.night
  returning t.room_type_id as rt, t.night, t.reserved
)
select null::int as total_from, null::text as night, null::int as reserved,
       (select count(*) from created)::int + (select count(*) from changed)::int as written
union all
select e.i, c.night::text, c.reserved, null
  from changed as c
  join e on e.rt = c.rt and e.night = c.night
 where e.total is not null and c.reserved > (e.total * (100 + :percent)) / 100`;

/**
 * The same for a batch whose updates never overlap on a room type (the usual push: one update per
 * room type and range), without expanding and merging what exists: each update changes its nights
 * with one range join (an index range scan per update, like a hand-written bulk UPDATE), and only
 * updates that may create nights are expanded, to insert the nights the UPDATE did not find (and
 * not even that when the UPDATE found every selected night: a one-time filter skips it). Each
 * changed row comes from exactly one update, so the undercut verdict is read off the row itself.
 */
const APPLY_DISJOINT_INVENTORY_SQL = `
with u as (
  select * from jsonb_to_recordset(:updates::jsonb)
    as u(i int, rt text, f date, n int, mask int, total int, price bigint, ss boolean, cta boolean, ctd boolean,
         smin boolean, vmin int, smax boolean, vmax int)
), changed as (
  update inventory as t
     set total_rooms = coalesce(u.total, t.total_rooms),
         price_minor = coalesce(u.price, t.price_minor),
         stop_sell = coalesce(u.ss, t.stop_sell),
         closed_to_arrival = coalesce(u.cta, t.closed_to_arrival),
         closed_to_departure = coalesce(u.ctd, t.closed_to_departure),
         min_stay = case when u.smin then u.vmin else t.min_stay end,
         max_stay = case when u.smax then u.vmax else t.max_stay end
    from u
   where t.hotel_id = :hotelId and t.room_type_id = u.rt and t.night >= u.f and t.night < u.f + u.n
     and (u.mask = 127 or (u.mask >> (extract(isodow from t.night)::int - 1)) & 1 = 1)
  returning u.i, t.room_type_id as rt, t.night, t.reserved,
            u.total is not null and t.reserved > (u.total * (100 + :percent)) / 100 as undercut
), created as (
  insert into inventory (hotel_id, room_type_id, night, total_rooms, reserved, price_minor, currency,
                         stop_sell, closed_to_arrival, closed_to_departure, min_stay, max_stay)
  select :hotelId, u.rt, u.f + d, u.total, 0, u.price, :currency,
         coalesce(u.ss, false), coalesce(u.cta, false), coalesce(u.ctd, false), u.vmin, u.vmax
    from u cross join lateral generate_series(0, u.n - 1) as d
   where (select count(*) from changed) < :selectedNights
     and u.total is not null and u.price is not null
     and (u.mask = 127 or (u.mask >> (extract(isodow from u.f + d)::int - 1)) & 1 = 1)
     and not exists (select 1 from changed as c where c.rt = u.rt and c.night = u.f + d)
   order by u.rt, u.f + d
  on conflict (hotel_id, room_type_id, night) do nothing
  returning 1
)
select null::int as total_from, null::text as night, null::int as reserved,
       (select count(*) from created)::int + (select count(*) from changed)::int as written
union all
select i, night::text, reserved, null from changed where undercut`;

/** Rate-plan prices of a batch: expanded like the inventory, the last update per plan and night wins, one upsert. */
const APPLY_RATES_SQL = `
with u as (
  select * from jsonb_to_recordset(:updates::jsonb) as u(i int, rp text, f date, n int, mask int, prices bigint[], child bigint)
), e as (
  select distinct on (u.rp, u.f + d) u.rp, u.f + d as night, u.prices, u.child
    from u cross join lateral generate_series(0, u.n - 1) as d
   where (u.mask >> (extract(isodow from u.f + d)::int - 1)) & 1 = 1
   order by u.rp, u.f + d, u.i desc
), written as (
  insert into rate_prices (hotel_id, rate_plan_id, night, prices_by_adults_minor, extra_child_minor)
  select :hotelId, rp, night, prices, child from e
  on conflict (hotel_id, rate_plan_id, night) do update
     set prices_by_adults_minor = excluded.prices_by_adults_minor, extra_child_minor = excluded.extra_child_minor
  returning 1
)
select count(*)::int as written from written`;

interface UndercutRow {
  total_from: number | null;
  night: string | null;
  reserved: number | null;
  written: number | null;
}

/** Applies a hotel's ARI batch with two set-based statements (plus retries only when an update undercuts reservations). */
export class PostgresAriStore implements AriStore {
  constructor(private readonly em: EntityManager) {}

  async apply(batch: AriHotelBatch, options: AriApplyOptions = {}): Promise<AriApplyOutcome> {
    const refused = new Map<number, AriRefusedUpdate>();
    const inventoryUpdates = batch.updates.filter(setsInventory);
    let written = 0;
    for (;;) {
      const remaining = inventoryUpdates.filter((u) => !refused.has(u.index));
      if (remaining.length === 0) break;
      await this.em.execute('savepoint ari');
      await this.limitStatement(options);
      const rows = await this.em.execute<UndercutRow[]>(overlapping(remaining) ? APPLY_INVENTORY_SQL : APPLY_DISJOINT_INVENTORY_SQL, {
        updates: JSON.stringify(remaining.map(inventoryJson)),
        hotelId: batch.hotelId,
        currency: batch.currency,
        percent: integer(batch.overbookingPercent),
        selectedNights: remaining.reduce((sum, u) => sum + selectedNights(u), 0),
      });
      const undercut = rows.filter((r) => r.total_from !== null);
      if (undercut.length === 0) {
        await this.em.execute('release savepoint ari');
        written = rows[0]?.written ?? 0;
        break;
      }
      await this.em.execute('rollback to savepoint ari');
      const nightsOf = new Map<number, { date: string; reserved: number }[]>();
      for (const row of undercut) {
        const index = row.total_from as number;
        const list = nightsOf.get(index) ?? [];
        list.push({ date: String(row.night), reserved: Number(row.reserved) });
        nightsOf.set(index, list);
      }
      for (const [index, list] of nightsOf) refused.set(index, { index, nights: list.sort((a, b) => a.date.localeCompare(b.date)) });
    }
    const rateUpdates = batch.updates.filter((u) => u.ratePrices && !refused.has(u.index));
    if (rateUpdates.length > 0) {
      await this.limitStatement(options);
      const rows = await this.em.execute<{ written: number }[]>(APPLY_RATES_SQL, { updates: JSON.stringify(rateUpdates.map(rateJson)), hotelId: batch.hotelId });
      written += rows[0]?.written ?? 0;
    }
    return { refused: [...refused.values()].sort((a, b) => a.index - b.index), nightsWritten: written };
  }

  /** The client's deadline becomes the statement timeout: Postgres cancels the statement, the unit of work rolls back. */
  private async limitStatement(options: AriApplyOptions): Promise<void> {
    if (options.deadlineAt === undefined) return;
    const ms = Math.floor(options.deadlineAt - Date.now());
    // Too late to start: fail now rather than arm a timeout so short that even the rollback could hit it.
    if (ms < MIN_STATEMENT_MS) throw new DeadlinePassed();
    await this.em.execute(`set local statement_timeout = ${integer(ms)}`);
  }
}

/** Whether two updates of a room type share a night (weekday masks aside): then they must be merged night by night. */
function overlapping(updates: readonly AriUpdatePlan[]): boolean {
  const byRoomType = new Map<string, AriUpdatePlan[]>();
  for (const u of updates) {
    const list = byRoomType.get(u.roomTypeId);
    if (list) list.push(u);
    else byRoomType.set(u.roomTypeId, [u]);
  }
  for (const list of byRoomType.values()) {
    list.sort((a, b) => a.range.checkIn.epochDay - b.range.checkIn.epochDay);
    for (let k = 1; k < list.length; k++) {
      if ((list[k] as AriUpdatePlan).range.checkIn.epochDay < (list[k - 1] as AriUpdatePlan).range.checkOut.epochDay) return true;
    }
  }
  return false;
}

function selectedNights(u: AriUpdatePlan): number {
  if (u.weekdayMask === EVERY_DAY_MASK) return u.range.nightCount;
  return u.range.nights().filter((date) => selects(u.weekdayMask, date)).length;
}

function setsInventory(u: AriUpdatePlan): boolean {
  return u.totalRooms !== undefined || u.standardPriceMinor !== undefined || Object.values(u.restrictions).some((v) => v !== undefined);
}

function inventoryJson(u: AriUpdatePlan): Record<string, unknown> {
  const r = u.restrictions;
  return {
    i: u.index,
    rt: u.roomTypeId,
    f: u.range.checkIn.toString(),
    n: u.range.nightCount,
    mask: u.weekdayMask,
    total: u.totalRooms ?? null,
    price: u.standardPriceMinor ?? null,
    ss: r.stopSell ?? null,
    cta: r.closedToArrival ?? null,
    ctd: r.closedToDeparture ?? null,
    smin: r.minStay !== undefined,
    vmin: r.minStay ?? null,
    smax: r.maxStay !== undefined,
    vmax: r.maxStay ?? null,
  };
}

function rateJson(u: AriUpdatePlan): Record<string, unknown> {
  const p = u.ratePrices;
  if (!p) throw new Error('rate update without prices');
  return { i: u.index, rp: p.ratePlanId, f: u.range.checkIn.toString(), n: u.range.nightCount, mask: u.weekdayMask, prices: p.pricesByAdultsMinor, child: p.extraChildMinor };
}

const MIN_STATEMENT_MS = 20;

/** The caller's deadline passed before a statement could start (a fault: the unit of work rolls back). */
export class DeadlinePassed extends Error {
  constructor() {
    super('the deadline passed before the statement could start');
    this.name = 'DeadlinePassed';
  }
}

function integer(n: number): number {
  if (!Number.isSafeInteger(n)) throw new RangeError(`expected an integer, got ${n}`);
  return n;
}
