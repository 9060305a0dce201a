import { bucketOf } from '../../../core/shared/routing-bucket.js';
import type { InventoryNight } from '../../../core/inventory/inventory-night.js';
import type { Reservation } from '../../../core/reservation/reservation.js';
import type { DateRange } from '../../../core/time/date-range.js';
import type { AvailabilityReader, RoomTypeRef } from '../../../ports/availability-reader.js';
import type { GuestReservationReader, GuestReservationsPage, ReservationCursor } from '../../../ports/guest-reservations.js';
import type { Candidate, CandidateQuery, HotelSearch } from '../../../ports/hotel-search.js';
import type { PiiProtector } from '../../../ports/pii-protector.js';
import type { NotificationEntry, NotificationLog } from '../../../ports/notification-log.js';
import { PostgresAvailabilityReader } from '../availability-reader.js';
import { PostgresHotelSearch } from '../hotel-search.js';
import { PostgresNotificationLog } from '../notification-log.js';
import { ReservationSchema } from '../records/reservation.record.js';
import { loadReservations } from '../reservation-repository.js';
import { asUnavailable } from './connection-errors.js';
import { readStale } from './read-connection.js';
import type { ShardConnections, ShardRouter } from './shard-router.js';

/** Called when a shard fails a read that can do without it (the answer is then partial). */
export type ShardReadFailure = (shard: string, error: unknown) => void;

/**
 * Candidates from every shard (replicas when configured), merged in the single-database order:
 * by name for a city, nearest first for a circle. A shard that is down drops out of the answer
 * (its hotels could not be booked anyway) and is reported; if every shard is down the search fails.
 */
export class FanOutHotelSearch implements HotelSearch {
  constructor(
    private readonly router: ShardRouter,
    private readonly onShardFailure: ShardReadFailure,
  ) {}

  async findCandidates(query: CandidateQuery): Promise<Candidate[]> {
    const answers = await Promise.allSettled(
      this.router.shards.map((shard) => readStale(shard, (em) => new PostgresHotelSearch(em).findCandidates(query))),
    );
    const found = settled(answers, this.router.shards, this.onShardFailure);
    const unique = [...new Map(found.map((c) => [c.hotel.id, c])).values()];
    const byName = (a: Candidate, b: Candidate) => cmp(a.hotel.name, b.hotel.name) || cmp(a.hotel.id, b.hotel.id);
    // Trigram similarity depends only on the two texts, so scores from different shards compare.
    const byScore = (a: Candidate, b: Candidate) => (b.score ?? 0) - (a.score ?? 0) || byName(a, b);
    unique.sort(query.order === 'relevance' ? byScore : query.area.kind === 'city' ? byName : (a, b) => a.distanceKm - b.distanceKm || byName(a, b));
    return unique.slice(0, query.limit);
  }
}

/** Inventory of each room type read on its hotel's shard, one query per shard, shards in parallel. */
export class ShardedAvailabilityReader implements AvailabilityReader {
  constructor(
    private readonly router: ShardRouter,
    private readonly onShardFailure: ShardReadFailure,
  ) {}

  async nightsByRoomType(roomTypes: readonly RoomTypeRef[], stay: DateRange): Promise<(readonly InventoryNight[])[]> {
    const groups = [...this.router.group([...roomTypes.keys()], (i) => roomTypes[i]!.hotelId)];
    const answers = await Promise.allSettled(groups.map(([shard, at]) => readStale(shard, (em) => new PostgresAvailabilityReader(em).nightsByRoomType(at.map((i) => roomTypes[i]!), stay))));
    // A missing shard's room types get no nights: the search shows them as unavailable, never as bookable.
    reportFailures(answers, groups.map(([shard]) => shard), this.onShardFailure, false);
    const nights: (readonly InventoryNight[])[] = roomTypes.map(() => []);
    answers.forEach((answer, g) => {
      if (answer.status === 'fulfilled') groups[g]![1].forEach((i, j) => (nights[i] = answer.value[j] ?? []));
    });
    return nights;
  }
}

// One autocommit statement: `shard_enter` takes the bucket's shared lock (held to the end of the
// statement's transaction) and reads the fence after it; the insert runs only when the bucket is here.
const RECORD_NOTIFICATION_SQL = `
with gate as (select shard_enter(:bucket) as moved_to),
inserted as (
  insert into notifications (event_id, hotel_id, reservation_id, kind, recipient)
  select :eventId, :hotelId, :reservationId, :kind, :recipient from gate where gate.moved_to is null
  on conflict (event_id) do nothing
  returning event_id
)
select (select moved_to from gate) as moved_to, (select count(*)::int from inserted) as inserted`;

/**
 * Each notification recorded on its hotel's shard (with the hotel's other rows), under the bucket's
 * shared lock like a unit of work, so a re-shard never loses one written during the move.
 */
export class ShardedNotificationLog implements NotificationLog {
  constructor(
    private readonly router: ShardRouter,
    private readonly pii: PiiProtector,
  ) {}

  async recordOnce(entry: NotificationEntry): Promise<boolean> {
    if (!this.router.multiShard) {
      const shard = this.router.shardOf(entry.hotelId);
      try {
        return await new PostgresNotificationLog(shard.primary, this.pii).recordOnce(entry);
      } catch (error) {
        throw asUnavailable(error, shard.name);
      }
    }
    const bucket = bucketOf(entry.hotelId);
    for (let hop = 0; hop < 4; hop++) {
      const shard = this.router.shardOfBucket(bucket);
      let row: { moved_to: string | null; inserted: number } | undefined;
      try {
        [row] = await shard.primary.fork({ clear: true }).execute<{ moved_to: string | null; inserted: number }[]>(RECORD_NOTIFICATION_SQL, { ...entry, recipient: this.pii.seal(entry.recipient), bucket });
      } catch (error) {
        throw asUnavailable(error, shard.name);
      }
      if (!row?.moved_to) return row?.inserted === 1;
      this.router.learnMove(bucket, row.moved_to);
    }
    throw new Error(`bucket ${bucket} was redirected 4 times: the shard fences form a loop`);
  }
}

/**
 * A guest's reservations across shards by fan-out: each shard answers its first `limit` rows after
 * the cursor (keyset on (created_at, id), indexed per email blind index), and the merge keeps the first
 * `limit` overall. Every shard is needed: one that is down fails the call (UNAVAILABLE), since a
 * page without it would skip its reservations for good.
 */
export class FanOutGuestReservations implements GuestReservationReader {
  constructor(
    private readonly router: ShardRouter,
    private readonly pii: PiiProtector,
  ) {}

  async listByGuestEmail(email: string, limit: number, after?: ReservationCursor): Promise<GuestReservationsPage> {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
    const perShard = await Promise.all(this.router.shards.map((shard) => readStale(shard, (em) => this.shardPage(em, email, limit + 1, after))));
    // A bucket being moved can briefly be on two shards: keep one copy.
    const merged = [...new Map(perShard.flat().map((r) => [r.id, r])).values()].sort(
      (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || cmp(a.id, b.id),
    );
    const page = merged.slice(0, limit);
    const last = page.at(-1);
    return merged.length > limit && last ? { reservations: page, next: { createdAt: last.createdAt, id: last.id } } : { reservations: page };
  }

  private async shardPage(em: ShardConnections['primary'], email: string, limit: number, after?: ReservationCursor): Promise<Reservation[]> {
    const position = after ? { $or: [{ createdAt: { $gt: after.createdAt } }, { createdAt: after.createdAt, id: { $gt: after.id } }] } : {};
    // Rows are found by the email's blind index; rows written before encryption at rest (no index
    // until `npm run pii:rotate` seals them) by the plaintext, through the partial legacy index (m0010).
    const byEmail = { $or: [{ guestEmailIndex: this.pii.emailIndex(email) }, { guestEmailIndex: null, guestEmail: email }] };
    const records = await em.find(
      ReservationSchema,
      { $and: [byEmail, position] },
      { orderBy: { createdAt: 'asc', id: 'asc' }, limit, disableIdentityMap: true },
    );
    return loadReservations(em, records, this.pii);
  }
}

function settled<T>(
  answers: readonly PromiseSettledResult<T[]>[],
  shards: readonly ShardConnections[],
  onShardFailure: ShardReadFailure,
  failWhenAllFail = true,
): T[] {
  reportFailures(answers, shards, onShardFailure, failWhenAllFail);
  return answers.flatMap((a) => (a.status === 'fulfilled' ? a.value : []));
}

/** Reports each shard that failed; throws the first failure when every shard failed and `failWhenAllFail`. */
function reportFailures(answers: readonly PromiseSettledResult<unknown>[], shards: readonly ShardConnections[], onShardFailure: ShardReadFailure, failWhenAllFail: boolean): void {
  const failures = answers.flatMap((a, i) => (a.status === 'rejected' ? [{ shard: shards[i]?.name ?? '?', error: a.reason as unknown }] : []));
  for (const f of failures) onShardFailure(f.shard, f.error);
  if (failWhenAllFail && failures.length > 0 && failures.length === answers.length) throw failures[0]?.error;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
