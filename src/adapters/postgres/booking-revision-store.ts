import type { EntityManager } from '@mikro-orm/postgresql';
import type { ReservationSnapshot } from '../../core/events/domain-event.js';
import type { BookingRevision, BookingRevisionKind, NewBookingRevision } from '../../core/partner/booking-revision.js';
import type { BookingRevisionStore } from '../../ports/booking-revision-store.js';
import type { PiiProtector } from '../../ports/pii-protector.js';
import { openPiiFields, sealPiiFields } from './pii-fields.js';
import { toInstant, toSafeInteger } from './sql-values.js';

/**
 * The hotel's head row is its sequence counter: locking it first makes appends of a hotel (and
 * two deliveries of one event) serialize until the transaction ends, so sequences have no gaps
 * and the event-id check below is exact.
 */
const CREATE_HEAD_SQL = `
insert into booking_revision_heads (hotel_id, last_sequence) values (:hotelId, 0)
on conflict (hotel_id) do nothing`;

const APPEND_SQL = `
with seq as (
  update booking_revision_heads set last_sequence = last_sequence + 1 where hotel_id = :hotelId returning last_sequence
)
insert into booking_revisions (hotel_id, sequence, event_id, kind, reservation_id, snapshot, occurred_at)
select :hotelId, seq.last_sequence, :eventId, :kind, :reservationId, :snapshot::jsonb, :occurredAt::timestamptz from seq
returning sequence`;

const COLUMNS = 'hotel_id, sequence, event_id, kind, snapshot, occurred_at, acknowledged_at is not null as acknowledged';

interface RevisionRow {
  hotel_id: string;
  sequence: string | number;
  event_id: string;
  kind: string;
  snapshot: ReservationSnapshot;
  occurred_at: string | Date;
  acknowledged: boolean;
}

const toDomain = (row: RevisionRow, pii: PiiProtector): BookingRevision => ({
  hotelId: row.hotel_id,
  sequence: toSafeInteger(row.sequence),
  eventId: row.event_id,
  kind: row.kind as BookingRevisionKind,
  reservation: openPiiFields(row.snapshot, pii),
  occurredAt: toInstant(row.occurred_at),
  acknowledged: row.acknowledged,
});

export class PostgresBookingRevisionStore implements BookingRevisionStore {
  /** The snapshot's guest name and email are stored sealed by `pii`. */
  constructor(
    private readonly em: EntityManager,
    private readonly pii: PiiProtector,
  ) {}

  async append(r: NewBookingRevision): Promise<BookingRevision | undefined> {
    await this.em.execute(CREATE_HEAD_SQL, { hotelId: r.hotelId });
    await this.em.execute('select last_sequence from booking_revision_heads where hotel_id = :hotelId for update', { hotelId: r.hotelId });
    const [seen] = await this.em.execute<unknown[]>('select 1 from booking_revisions where event_id = :eventId', { eventId: r.eventId });
    if (seen) return undefined;
    const [row] = await this.em.execute<{ sequence: string | number }[]>(APPEND_SQL, {
      hotelId: r.hotelId,
      eventId: r.eventId,
      kind: r.kind,
      reservationId: r.reservation.reservationId,
      snapshot: JSON.stringify(sealPiiFields(r.reservation, this.pii)),
      occurredAt: r.occurredAt.toISOString(),
    });
    if (!row) throw new Error(`no revision head for hotel ${r.hotelId}`);
    return { ...r, sequence: toSafeInteger(row.sequence), acknowledged: false };
  }

  async unacknowledged(hotelId: string, afterSequence: number, limit: number): Promise<BookingRevision[]> {
    const rows = await this.em.execute<RevisionRow[]>(
      `select ${COLUMNS} from booking_revisions
        where hotel_id = :hotelId and sequence > :after and acknowledged_at is null
        order by sequence limit :limit`,
      { hotelId, after: integer(afterSequence), limit: integer(limit) },
    );
    return rows.map((row) => toDomain(row, this.pii));
  }

  async after(hotelId: string, afterSequence: number, limit: number): Promise<BookingRevision[]> {
    const rows = await this.em.execute<RevisionRow[]>(
      `select ${COLUMNS} from booking_revisions where hotel_id = :hotelId and sequence > :after order by sequence limit :limit`,
      { hotelId, after: integer(afterSequence), limit: integer(limit) },
    );
    return rows.map((row) => toDomain(row, this.pii));
  }

  async acknowledge(hotelId: string, sequences: readonly number[]): Promise<number> {
    const rows = await this.em.execute<unknown[]>(
      `update booking_revisions set acknowledged_at = now()
        where hotel_id = :hotelId and sequence = any(:sequences::bigint[]) and acknowledged_at is null
        returning sequence`,
      { hotelId, sequences: `{${sequences.map(integer).join(',')}}` },
    );
    return rows.length;
  }
}

function integer(n: number): number {
  if (!Number.isSafeInteger(n)) throw new RangeError(`expected an integer, got ${n}`);
  return n;
}
