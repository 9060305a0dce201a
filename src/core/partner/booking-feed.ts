import { BAD_PAGE_TOKEN } from '../admin/paging.js';
import { isReservationEvent, type DomainEvent } from '../events/domain-event.js';
import { invalidArgument, Violations, type InvalidArgument } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { REVISION_KIND_OF, revisionOf, type BookingRevision } from './booking-revision.js';
import type { PageTokens } from '../../ports/page-tokens.js';
import type { RevisionWakeups } from '../../ports/revision-wakeups.js';
import type { UnitOfWork } from '../../ports/unit-of-work.js';

export const FEED_PAGE = { defaultPageSize: 100, maxPageSize: 500, maxHotels: 100 } as const;

/**
 * Consumer of reservation events (delivered at least once from the outbox): records each as the
 * hotel's next revision, once per event id, then wakes the hotel's live streams.
 */
export class RecordBookingRevision {
  static readonly consumerName = 'booking-revision-feed';
  static readonly eventTypes: readonly string[] = Object.keys(REVISION_KIND_OF);

  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly wakeups: RevisionWakeups }) {}

  async handle(event: DomainEvent): Promise<BookingRevision | undefined> {
    if (!isReservationEvent(event)) return undefined;
    const revision = revisionOf(event);
    if (!revision) return undefined;
    const recorded = await this.deps.uow.run(event.hotelId, async (tx) => ok(await tx.revisions.append(revision)));
    if (!recorded.ok) return undefined;
    if (recorded.value) this.deps.wakeups.notify(event.hotelId);
    return recorded.value;
  }
}

export interface ListBookingRevisionsQuery {
  readonly hotelIds: readonly string[];
  readonly pageSize: number;
  readonly pageToken: string;
}

export interface BookingRevisionPage {
  readonly revisions: readonly BookingRevision[];
  readonly nextPageToken: string;
}

/** Unacknowledged revisions of the given hotels (sorted by id), each hotel's in sequence order. */
export class ListBookingRevisions {
  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly pageTokens: PageTokens }) {}

  async execute(q: ListBookingRevisionsQuery): Promise<Result<BookingRevisionPage, InvalidArgument>> {
    const v = new Violations();
    const hotels = [...new Set(q.hotelIds)].sort();
    v.require(hotels.length >= 1 && hotels.length <= FEED_PAGE.maxHotels && hotels.every((h) => h.length > 0), 'hotel_ids', `give 1 to ${FEED_PAGE.maxHotels} hotel ids`);
    v.require(Number.isInteger(q.pageSize) && q.pageSize >= 0 && q.pageSize <= FEED_PAGE.maxPageSize, 'page_size', `must be from 0 to ${FEED_PAGE.maxPageSize}`);
    const scope = JSON.stringify(['booking-revisions', hotels]);
    let position: readonly [number, number] = [0, 0];
    if (q.pageToken !== '') {
      const read = this.deps.pageTokens.read(scope, q.pageToken);
      const [hotel, sequence] = read ?? [];
      if (typeof hotel === 'number' && typeof sequence === 'number') position = [hotel, sequence];
      else v.add('page_token', BAD_PAGE_TOKEN);
    }
    if (!v.isEmpty) return err(v.toError());
    const limit = q.pageSize || FEED_PAGE.defaultPageSize;
    const revisions: BookingRevision[] = [];
    let [hotelIndex, after] = position;
    while (hotelIndex < hotels.length && revisions.length < limit) {
      const hotelId = hotels[hotelIndex] as string;
      const want = limit - revisions.length;
      const page = await this.deps.uow.run(hotelId, async (tx) => ok(await tx.revisions.unacknowledged(hotelId, after, want + 1)));
      const rows = page.ok ? page.value : [];
      revisions.push(...rows.slice(0, want));
      if (rows.length > want) {
        after = rows[want - 1]?.sequence ?? after;
        break;
      }
      hotelIndex++;
      after = 0;
    }
    const last = revisions.at(-1);
    const more = hotelIndex < hotels.length;
    const nextPageToken = more && last ? this.deps.pageTokens.issue(scope, [hotelIndex, hotels[hotelIndex] === last.hotelId ? last.sequence : 0]) : '';
    return ok({ revisions, nextPageToken });
  }
}

/** Acknowledges revisions; returns how many were newly acknowledged. */
export class AckBookingRevisions {
  constructor(private readonly deps: { readonly uow: UnitOfWork }) {}

  async execute(refs: readonly { readonly hotelId: string; readonly sequence: number }[]): Promise<Result<number, InvalidArgument>> {
    if (refs.length === 0 || refs.some((r) => r.hotelId === '' || !Number.isSafeInteger(r.sequence) || r.sequence < 1)) {
      return err(invalidArgument([{ field: 'revisions', description: 'give 1 or more revisions, each with a hotel id and a sequence from 1' }]));
    }
    const byHotel = new Map<string, number[]>();
    for (const r of refs) byHotel.set(r.hotelId, [...(byHotel.get(r.hotelId) ?? []), r.sequence]);
    let acknowledged = 0;
    for (const [hotelId, sequences] of byHotel) {
      const done = await this.deps.uow.run(hotelId, async (tx) => ok(await tx.revisions.acknowledge(hotelId, sequences)));
      if (done.ok) acknowledged += done.value;
    }
    return ok(acknowledged);
  }
}

/**
 * A hotel's revisions after a sequence, then live ones, until `signal` aborts. Each revision is
 * yielded once and in order: the stream tracks the last sequence it sent and always re-reads from it.
 */
export class StreamBookingRevisions {
  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly wakeups: RevisionWakeups }) {}

  async *execute(hotelId: string, afterSequence: number, signal: AbortSignal): AsyncGenerator<BookingRevision> {
    let after = afterSequence;
    const batch = 200;
    while (!signal.aborted) {
      const woken = this.deps.wakeups.arm(hotelId, signal);
      const page = await this.deps.uow.run(hotelId, async (tx) => ok(await tx.revisions.after(hotelId, after, batch)));
      const rows = page.ok ? page.value : [];
      for (const revision of rows) {
        if (signal.aborted) return;
        yield revision;
        after = revision.sequence;
      }
      if (rows.length < batch) await woken;
    }
  }
}
