import type { EntityManager } from '@mikro-orm/postgresql';
import type { InventoryNight } from '../../core/inventory/inventory-night.js';
import type { Restrictions } from '../../core/inventory/restrictions.js';
import { Money } from '../../core/money/money.js';
import { err, ok, type Result } from '../../core/shared/result.js';
import type { CalendarDate } from '../../core/time/calendar-date.js';
import type { DateRange } from '../../core/time/date-range.js';
import type { InventoryRepository, NightPrice, NightsSetting, RoomAllocation } from '../../ports/inventory-repository.js';
import { INVENTORY_COLUMNS, toDomain } from './inventory-night.mapper.js';
import type { InventoryNightRow } from './records/inventory-night.record.js';
import { toCalendarDate, toSafeInteger } from './sql-values.js';

/**
 * The whole reservation in one statement and one round trip:
 * - `locked` locks every existing night of the stay in date order, so two overlapping stays always
 *   lock their common nights in the same order and cannot deadlock; under READ COMMITTED a night
 *   that another transaction changed meanwhile is re-read at its newest version once its lock is free;
 * - `verdict` holds when every night of the stay exists and passes the core's rule `canReserve`:
 *   reserved + rooms <= floor(total * (100 + percent) / 100) (integer division is the floor);
 * - `booked` updates the locked nights only when the verdict holds, so the statement reserves all
 *   nights or none, whatever the caller then does with its transaction;
 * - the final select reports each existing night (fits or not) and, when booked, its price.
 * No read-modify-write: the increment is computed by the database on the locked row.
 */
export const RESERVE_SQL = `
with locked as (
  select night, reserved, total_rooms, stop_sell
    from inventory
   where hotel_id = :hotelId and room_type_id = :roomTypeId
     and night >= :checkIn::date and night < :checkOut::date
   order by night
     for update
), verdict as (
  select count(*) filter (where not stop_sell and reserved + :rooms <= (total_rooms * (100 + :percent)) / 100) = :nights as all_fit
    from locked
), booked as (
  update inventory as i
     set reserved = i.reserved + :rooms
    from locked, verdict
   where verdict.all_fit
     and i.hotel_id = :hotelId and i.room_type_id = :roomTypeId and i.night = locked.night
  returning i.night, i.price_minor, i.currency
)
select l.night::text as night,
       not l.stop_sell and l.reserved + :rooms <= (l.total_rooms * (100 + :percent)) / 100 as fits,
       b.price_minor,
       b.currency
  from locked as l
  left join booked as b on b.night = l.night
 order by l.night`;

/** Gives rooms back on every night, locking nights in date order like `reserve` does. */
const RELEASE_SQL = `
with locked as (
  select night
    from inventory
   where hotel_id = :hotelId and room_type_id = :roomTypeId
     and night >= :checkIn::date and night < :checkOut::date
   order by night
     for update
)
update inventory as i
   set reserved = i.reserved - :rooms
  from locked
 where i.hotel_id = :hotelId and i.room_type_id = :roomTypeId and i.night = locked.night
returning i.night`;

/**
 * Upserts every night of the range in date order (generate_series over day offsets, so no time
 * zone is involved) keeping `reserved`. ON CONFLICT DO
 * UPDATE locks and reads the newest version of an existing night, so the returned `reserved` is exact
 * even against concurrent bookings; nights it leaves oversold make the caller roll back to a savepoint.
 */
const SET_NIGHTS_SQL = `
with written as (
  insert into inventory as i (hotel_id, room_type_id, night, total_rooms, reserved, price_minor, currency)
  select :hotelId, :roomTypeId, :from::date + day, :totalRooms, 0, :priceMinor, :currency
    from generate_series(0, :nights - 1) as day
   order by day
  on conflict (hotel_id, room_type_id, night) do update
     set total_rooms = excluded.total_rooms, price_minor = excluded.price_minor, currency = excluded.currency
  returning i.night, i.reserved
)
select night::text as night, reserved, reserved > (:totalRooms * (100 + :percent)) / 100 as oversold
  from written
 order by night`;

const LIST_SQL = `
select ${INVENTORY_COLUMNS}
  from inventory
 where hotel_id = :hotelId and room_type_id = :roomTypeId
   and night >= :from::date and night < :to::date
 order by night`;

interface ReserveRow {
  night: string;
  fits: boolean;
  price_minor: string | number | null;
  currency: string | null;
}

const SET_RESTRICTIONS_SQL = `
update inventory
   set stop_sell = coalesce(:stopSell::boolean, stop_sell),
       closed_to_arrival = coalesce(:cta::boolean, closed_to_arrival),
       closed_to_departure = coalesce(:ctd::boolean, closed_to_departure),
       min_stay = case when :keepMinStay::boolean then min_stay else :minStay::integer end,
       max_stay = case when :keepMaxStay::boolean then max_stay else :maxStay::integer end
 where hotel_id = :hotelId and room_type_id = :roomTypeId and night >= :from::date and night < :to::date
returning night`;

export class PostgresInventoryRepository implements InventoryRepository {
  constructor(private readonly em: EntityManager) {}

  async reserve(allocation: RoomAllocation, overbookingPercent: number): Promise<Result<NightPrice[], { failedNights: CalendarDate[] }>> {
    const { stay } = allocation;
    const rows = await this.em.execute<ReserveRow[]>(RESERVE_SQL, {
      hotelId: allocation.hotelId,
      roomTypeId: allocation.roomTypeId,
      checkIn: stay.checkIn.toString(),
      checkOut: stay.checkOut.toString(),
      rooms: integer(allocation.rooms),
      percent: integer(overbookingPercent),
      nights: stay.nightCount,
    });
    const booked = rows.flatMap((row) =>
      row.price_minor === null || row.currency === null
        ? []
        : [{ date: toCalendarDate(row.night), price: Money.of(toSafeInteger(row.price_minor), row.currency) }],
    );
    if (booked.length === stay.nightCount) return ok(booked);
    if (booked.length > 0) throw new Error(`reserve updated ${booked.length} of ${stay.nightCount} nights`);
    const fitting = new Set(rows.filter((row) => row.fits).map((row) => row.night));
    return err({ failedNights: stay.nights().filter((night) => !fitting.has(night.toString())) });
  }

  async release(allocation: RoomAllocation): Promise<void> {
    const { stay } = allocation;
    // A night going negative violates `check (reserved >= 0)` and throws; the unit of work rolls back.
    const rows = await this.em.execute<unknown[]>(RELEASE_SQL, {
      hotelId: allocation.hotelId,
      roomTypeId: allocation.roomTypeId,
      checkIn: stay.checkIn.toString(),
      checkOut: stay.checkOut.toString(),
      rooms: integer(allocation.rooms),
    });
    if (rows.length !== stay.nightCount) {
      throw new Error(
        `release of ${allocation.hotelId}/${allocation.roomTypeId} ${stay.toString()} found ${rows.length} of ${stay.nightCount} nights`,
      );
    }
  }

  async setNights(setting: NightsSetting): Promise<Result<number, { nights: { date: CalendarDate; reserved: number }[] }>> {
    // A savepoint makes the refusal all-or-none within the caller's transaction, even if it commits.
    await this.em.execute('savepoint set_nights');
    const rows = await this.em.execute<{ night: string; reserved: number; oversold: boolean }[]>(SET_NIGHTS_SQL, {
      hotelId: setting.hotelId,
      roomTypeId: setting.roomTypeId,
      from: setting.nights.checkIn.toString(),
      nights: setting.nights.nightCount,
      totalRooms: integer(setting.totalRooms),
      priceMinor: setting.price.amountMinor,
      currency: setting.price.currency,
      percent: integer(setting.overbookingPercent),
    });
    const oversold = rows.filter((row) => row.oversold);
    if (oversold.length > 0) {
      await this.em.execute('rollback to savepoint set_nights');
      return err({ nights: oversold.map((row) => ({ date: toCalendarDate(row.night), reserved: row.reserved })) });
    }
    await this.em.execute('release savepoint set_nights');
    return ok(rows.length);
  }

  async setRestrictions(hotelId: string, roomTypeId: string, range: DateRange, change: Partial<Restrictions>): Promise<number> {
    // Each restriction is either given (set it) or not (keep the column): one statement for any subset.
    const flag = (value: boolean | undefined) => (value === undefined ? null : value);
    const stay = (value: number | null | undefined) => (value == null ? null : integer(value));
    const rows = await this.em.execute<unknown[]>(SET_RESTRICTIONS_SQL, {
      hotelId,
      roomTypeId,
      from: range.checkIn.toString(),
      to: range.checkOut.toString(),
      stopSell: flag(change.stopSell),
      cta: flag(change.closedToArrival),
      ctd: flag(change.closedToDeparture),
      keepMinStay: change.minStay === undefined,
      minStay: stay(change.minStay),
      keepMaxStay: change.maxStay === undefined,
      maxStay: stay(change.maxStay),
    });
    return rows.length;
  }

  async list(hotelId: string, roomTypeId: string, range: DateRange): Promise<InventoryNight[]> {
    const rows = await this.em.execute<InventoryNightRow[]>(LIST_SQL, {
      hotelId,
      roomTypeId,
      from: range.checkIn.toString(),
      to: range.checkOut.toString(),
    });
    return rows.map(toDomain);
  }
}

/** Numbers are inlined into the SQL text by MikroORM: accept only integers. */
function integer(n: number): number {
  if (!Number.isSafeInteger(n)) throw new RangeError(`expected an integer, got ${n}`);
  return n;
}
