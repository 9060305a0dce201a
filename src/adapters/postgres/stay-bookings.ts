import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DomainEvent } from '../../core/events/domain-event.js';
import type { Reservation } from '../../core/reservation/reservation.js';
import type { PiiProtector } from '../../ports/pii-protector.js';
import type { ClaimOutcome, IdempotencyClaim } from '../../ports/idempotency-store.js';
import type { StayBookings, StayLookup, StaySnapshot } from '../../ports/stay-bookings.js';
import * as hotelMapper from './hotel.mapper.js';
import { INVENTORY_COLUMNS, toDomain as nightOf } from './inventory-night.mapper.js';
import { OUTBOX_INSERT_COLUMNS, OUTBOX_INSERT_PLACEHOLDERS, toInsertValues } from './outbox-event.mapper.js';
import { currentTraceCarrier } from './outbox-tracing.js';
import { COMMIT_WITH_STATEMENT } from './piggyback-client.js';
import * as ratePlanMapper from './rate-plan.mapper.js';
import type { HotelRecord } from './records/hotel.record.js';
import type { InventoryNightRow } from './records/inventory-night.record.js';
import type { RatePlanRecord } from './records/rate-plan.record.js';
import type { RoomTypeRecord } from './records/room-type.record.js';
import { toRecord, toRevisionRecords } from './reservation.mapper.js';
import * as roomTypeMapper from './room-type.mapper.js';
import { toCalendarDate, toSafeInteger } from './sql-values.js';

/**
 * The key claim and every read a booking judges on, in one statement:
 * - `claim` is the IdempotencyStore's insert (it waits on the unique index for a concurrent
 *   uncommitted claim of the same key, exactly as there);
 * - hotel and room type are read FOR SHARE like HotelRepository.get / getRoomType (a deletion, which
 *   reads them FOR UPDATE, and a booking serialise), the rate plan, its prices and the inventory
 *   plainly like their repositories (the conditional reserve, not this read, prevents oversell).
 * Columns are aliased to the ORM record's property names so the existing mappers build the domain.
 */
const claimAndLoadSql = (gated: boolean): string => {
  // With a gate, shard_enter runs first (every other part waits on its answer) and, if the bucket
  // moved, nothing else is read or written.
  const open = gated ? ' and (select moved_to from gate) is null' : '';
  return `
with ${gated ? 'gate as materialized (select shard_enter(:bucket) as moved_to),' : ''}
claim as (
  insert into idempotency_keys (scope, key, fingerprint_sha256, resource_id)
  select :scope, :key, decode(:fingerprint, 'hex'), :resourceId where true${open}
  on conflict (scope, key) do nothing
  returning 1
), h as (
  select id, name, city, city_key as "cityKey", country_code as "countryCode", latitude, longitude,
         time_zone as "timeZone", currency, amenities, overbooking_percent as "overbookingPercent", status
    from hotels where id = :hotelId${open}
     for share
), rt as (
  select hotel_id as "hotelId", id, name, max_guests as "maxGuests", amenities, active
    from room_types where hotel_id = :hotelId and id = :roomTypeId${open}
     for share
), rp as (
  select hotel_id as "hotelId", id, room_type_id as "roomTypeId", name, meal_plan as "mealPlan", refundable,
         free_until_hours as "freeUntilHours", penalty_kind as "penaltyKind", penalty_percent as "penaltyPercent",
         vat_basis_points as "vatBasisPoints", city_tax_minor::text as "cityTaxMinor"
    from rate_plans where hotel_id = :hotelId and id = :ratePlanId${open}
), rates as (
  select night::text as night, prices_by_adults_minor::text[] as prices, extra_child_minor::text as extra_child_minor
    from rate_prices
   where hotel_id = :hotelId and rate_plan_id = :ratePlanId and night >= :from::date and night < :to::date${open}
), nights as (
  select ${INVENTORY_COLUMNS.replace('price_minor', 'price_minor::text as price_minor')}
    from inventory
   where hotel_id = :hotelId and room_type_id = :roomTypeId and night >= :from::date and night <= :to::date${open}
)
select ${gated ? '(select moved_to from gate)' : 'null::text'} as moved_to,
       exists (select 1 from claim) as claimed,
       (select to_jsonb(h) from h) as hotel,
       (select to_jsonb(rt) from rt) as room_type,
       (select to_jsonb(rp) from rp) as rate_plan,
       (select coalesce(jsonb_agg(rates order by rates.night), '[]') from rates) as rates,
       (select coalesce(jsonb_agg(nights order by nights.night), '[]') from nights) as nights`;
};

/**
 * A sharded unit of work that has not yet entered its bucket (`shard_enter`) lets the claim-and-load
 * statement do it, saving a round trip: `pendingBucket` is the bucket while not entered, and
 * `entered` takes the gate's answer (it throws when the bucket moved, to retry on its new shard).
 */
export interface PendingBucketEntry {
  pendingBucket(): number | undefined;
  entered(movedTo: string | null): void;
}

const EXISTING_KEY_SQL = `
select encode(fingerprint_sha256, 'hex') as fingerprint, resource_id
  from idempotency_keys
 where scope = :scope and key = :key`;

const RESERVATION_COLUMNS =
  'hotel_id, id, room_type_id, check_in, check_out, guests, guest_name, guest_email, guest_email_index, status, total_minor, currency, created_at, cancelled_at, children, rate_plan_id, price, cancellation_policy, cancellation_penalty_minor, hold_expires_at';
const REVISION_COLUMNS = 'hotel_id, reservation_id, number, at, actor, kind, note';

/**
 * A new reservation, its revisions and its outbox events in one statement: every data-modifying
 * CTE runs to completion (Postgres executes them whether or not they are referenced), and any
 * failure fails the whole statement. It is the unit of work's last statement and carries its COMMIT
 * (see PiggybackClient).
 */
const addReservationSql = (events: number) => `
with r as (
  insert into reservations (${RESERVATION_COLUMNS})
  select ${RESERVATION_COLUMNS} from jsonb_populate_record(null::reservations, ?::jsonb)
), rev as (
  insert into reservation_revisions (${REVISION_COLUMNS})
  select ${REVISION_COLUMNS} from jsonb_populate_recordset(null::reservation_revisions, ?::jsonb)
)
insert into outbox ${OUTBOX_INSERT_COLUMNS} values ${Array.from({ length: events }, () => OUTBOX_INSERT_PLACEHOLDERS).join(', ')}${COMMIT_WITH_STATEMENT}`;

interface LoadRow {
  moved_to: string | null;
  claimed: boolean;
  hotel: HotelRecord | null;
  room_type: RoomTypeRecord | null;
  rate_plan: RatePlanRecord | null;
  rates: { night: string; prices: string[]; extra_child_minor: string }[];
  nights: InventoryNightRow[];
}

/** The booking path of a Postgres unit of work in two statements instead of seven (see StayBookings). */
export class PostgresStayBookings implements StayBookings {
  constructor(
    private readonly em: EntityManager,
    private readonly pii: PiiProtector,
    private readonly entry?: PendingBucketEntry,
  ) {}

  async claimAndLoad(claim: IdempotencyClaim, lookup: StayLookup): Promise<{ claim: ClaimOutcome; snapshot?: StaySnapshot }> {
    const fingerprint = sha256Hex(claim.fingerprint);
    const { stay } = lookup;
    const bucket = this.entry?.pendingBucket();
    const [row] = await this.em.execute<LoadRow[]>(claimAndLoadSql(bucket !== undefined), {
      ...(bucket !== undefined ? { bucket } : {}),
      scope: claim.scope,
      key: claim.key,
      fingerprint,
      resourceId: claim.resourceId,
      hotelId: lookup.hotelId,
      roomTypeId: lookup.roomTypeId,
      ratePlanId: lookup.ratePlanId,
      // Prices for the nights of the stay; inventory also for the departure day (night <= to).
      from: stay ? stay.checkIn.toString() : null,
      to: stay ? stay.checkOut.toString() : null,
    });
    if (!row) throw new Error('claim-and-load returned no row');
    if (bucket !== undefined) this.entry?.entered(row.moved_to);
    if (!row.claimed) return { claim: await this.existing(claim, fingerprint) };
    return {
      claim: { kind: 'claimed' },
      snapshot: {
        hotel: row.hotel ? hotelMapper.toDomain(row.hotel) : undefined,
        roomType: row.room_type ? roomTypeMapper.toDomain(row.room_type) : undefined,
        ratePlan: row.rate_plan ? ratePlanMapper.toDomain(row.rate_plan) : undefined,
        rates: row.rates.map((r) => ({ date: toCalendarDate(r.night), pricesByAdultsMinor: r.prices.map(toSafeInteger), extraChildMinor: toSafeInteger(r.extra_child_minor) })),
        nights: row.nights.map(nightOf),
      },
    };
  }

  async addReservation(reservation: Reservation, events: readonly DomainEvent[]): Promise<void> {
    const r = toRecord(reservation, this.pii);
    const trace = currentTraceCarrier();
    const snake = {
      hotel_id: r.hotelId,
      id: r.id,
      room_type_id: r.roomTypeId,
      check_in: r.checkIn,
      check_out: r.checkOut,
      guests: r.guests,
      guest_name: r.guestName,
      guest_email: r.guestEmail,
      guest_email_index: r.guestEmailIndex,
      status: r.status,
      total_minor: r.totalMinor,
      currency: r.currency,
      created_at: r.createdAt.toISOString(),
      cancelled_at: r.cancelledAt?.toISOString() ?? null,
      children: r.children,
      rate_plan_id: r.ratePlanId,
      price: r.price,
      cancellation_policy: r.cancellationPolicy,
      cancellation_penalty_minor: r.cancellationPenaltyMinor,
      hold_expires_at: r.holdExpiresAt?.toISOString() ?? null,
    };
    const revisions = toRevisionRecords(reservation).map((v) => ({
      hotel_id: v.hotelId,
      reservation_id: v.reservationId,
      number: v.number,
      at: v.at.toISOString(),
      actor: v.actor,
      kind: v.kind,
      note: v.note,
    }));
    if (events.length === 0) throw new Error('a new reservation always announces itself: no event given');
    await this.em.execute(addReservationSql(events.length), [JSON.stringify(snake), JSON.stringify(revisions), ...events.flatMap((e) => toInsertValues(e, this.pii, trace))], 'run');
  }

  private async existing(claim: IdempotencyClaim, fingerprint: string): Promise<ClaimOutcome> {
    // A new statement, so a new snapshot: it sees the claim our insert waited for.
    const [existing] = await this.em.execute<{ fingerprint: string; resource_id: string }[]>(EXISTING_KEY_SQL, { scope: claim.scope, key: claim.key });
    if (!existing) throw new Error(`idempotency key ${claim.scope}/${claim.key} conflicted but cannot be read`);
    return existing.fingerprint === fingerprint ? { kind: 'replay', resourceId: existing.resource_id } : { kind: 'conflict' };
  }
}

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
