import { BAD_PAGE_TOKEN, checkPageSize } from './paging.js';
import type { Reservation, ReservationStatus } from '../reservation/reservation.js';
import { notFound, Violations, type InvalidArgument, type NotFound } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { CalendarDate } from '../time/calendar-date.js';
import type { HotelReservationCursor } from '../../ports/hotel-reservations.js';
import type { PageTokens } from '../../ports/page-tokens.js';
import type { UnitOfWork } from '../../ports/unit-of-work.js';

export interface ListHotelReservationsQuery {
  readonly hotelId: string;
  /** YYYY-MM-DD; only stays with a night on or after it. Empty: no lower bound. */
  readonly stayFrom: string;
  /** YYYY-MM-DD; only stays with a night before it. Empty: no upper bound. */
  readonly stayTo: string;
  /** Empty: every status. */
  readonly statuses: readonly ReservationStatus[];
  /** 0: the default. */
  readonly pageSize: number;
  /** Empty: the first page. */
  readonly pageToken: string;
}

export interface HotelReservationsListing {
  readonly reservations: readonly Reservation[];
  /** Empty on the last page. */
  readonly nextPageToken: string;
}

const EARLIEST = CalendarDate.of(1970, 1, 1) as CalendarDate;
const LATEST = CalendarDate.of(9999, 12, 31) as CalendarDate;

/**
 * A hotel's reservations (a deleted hotel's too: history), by arrival then id, filtered by stay
 * dates (any night of the stay in [stay_from, stay_to)) and status. The page token is bound to the
 * filters: one altered or used with other filters is INVALID_ARGUMENT, never a silent restart.
 */
export class ListHotelReservations {
  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly pageTokens: PageTokens }) {}

  async execute(q: ListHotelReservationsQuery): Promise<Result<HotelReservationsListing, InvalidArgument | NotFound>> {
    const v = new Violations();
    v.require(q.hotelId.length > 0, 'hotel_id', 'is required');
    const limit = checkPageSize(q.pageSize, v);
    const from = q.stayFrom === '' ? EARLIEST : CalendarDate.parse(q.stayFrom);
    const to = q.stayTo === '' ? LATEST : CalendarDate.parse(q.stayTo);
    v.require(from !== undefined, 'stay_from', 'must be a real date written YYYY-MM-DD');
    v.require(to !== undefined, 'stay_to', 'must be a real date written YYYY-MM-DD');
    if (from && to) v.require(from.isBefore(to), 'stay_to', 'must be after stay_from');
    const statuses = [...new Set(q.statuses)].sort();
    const scope = JSON.stringify(['hotel-reservations', q.hotelId, from?.toString(), to?.toString(), statuses]);
    const after = q.pageToken === '' ? undefined : this.cursorOf(scope, q.pageToken);
    if (after === null) v.add('page_token', BAD_PAGE_TOKEN);
    if (!v.isEmpty || !from || !to) return err(v.toError());

    return this.deps.uow.run(q.hotelId, async (tx): Promise<Result<HotelReservationsListing, InvalidArgument | NotFound>> => {
      const hotel = await tx.hotels.get(q.hotelId);
      if (!hotel) return err(notFound('hotel', q.hotelId));
      const filter = { hotelId: hotel.id, statuses, ...(q.stayFrom === '' && q.stayTo === '' ? {} : { stayOverlaps: { from, to } }) };
      const page = await tx.hotelReservations.list(filter, limit, after ?? undefined);
      return ok({
        reservations: page.reservations,
        nextPageToken: page.next ? this.deps.pageTokens.issue(scope, [page.next.checkIn.toString(), page.next.id]) : '',
      });
    });
  }

  /** The cursor in a token, or null when the token is not one of ours for this query. */
  private cursorOf(scope: string, token: string): HotelReservationCursor | null {
    const position = this.deps.pageTokens.read(scope, token);
    if (position?.length !== 2) return null;
    const [checkIn, id] = position;
    const date = typeof checkIn === 'string' ? CalendarDate.parse(checkIn) : undefined;
    return date && typeof id === 'string' ? { checkIn: date, id } : null;
  }
}
