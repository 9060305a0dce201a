import { BAD_PAGE_TOKEN, checkPageSize } from '../admin/paging.js';
import { checkGuestContact } from '../reservation/guest-contact.js';
import type { Reservation } from '../reservation/reservation.js';
import { Violations, type InvalidArgument } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import type { GuestReservationReader, ReservationCursor } from '../../ports/guest-reservations.js';
import type { PageTokens } from '../../ports/page-tokens.js';

export interface ListMyReservationsQuery {
  readonly guestEmail: string;
  /** 0: the default. */
  readonly pageSize: number;
  /** Empty: the first page. */
  readonly pageToken: string;
}

export interface MyReservationsListing {
  readonly reservations: readonly Reservation[];
  /** Empty on the last page. */
  readonly nextPageToken: string;
}

/**
 * A guest's reservations at every hotel, oldest booking first (created_at, then id). The page token
 * holds the position of the last reservation shown and is bound to the email, so paging is stable
 * while new bookings arrive (they sort last) and a token is useless for another guest's list.
 */
export class ListMyReservations {
  constructor(private readonly deps: { readonly reservations: GuestReservationReader; readonly pageTokens: PageTokens }) {}

  async execute(q: ListMyReservationsQuery): Promise<Result<MyReservationsListing, InvalidArgument>> {
    const v = new Violations();
    const { email } = checkGuestContact('guest', q.guestEmail, { name: 'guest_name', email: 'guest_email' }, v);
    const limit = checkPageSize(q.pageSize, v);
    const scope = JSON.stringify(['guest-reservations', email]);
    const after = q.pageToken === '' ? undefined : this.cursorOf(scope, q.pageToken);
    if (after === null) v.add('page_token', BAD_PAGE_TOKEN);
    if (!v.isEmpty) return err(v.toError());

    const page = await this.deps.reservations.listByGuestEmail(email, limit, after ?? undefined);
    return ok({
      reservations: page.reservations,
      nextPageToken: page.next ? this.deps.pageTokens.issue(scope, [page.next.createdAt.getTime(), page.next.id]) : '',
    });
  }

  private cursorOf(scope: string, token: string): ReservationCursor | null {
    const position = this.deps.pageTokens.read(scope, token);
    if (position?.length !== 2) return null;
    const [millis, id] = position;
    return typeof millis === 'number' && Number.isSafeInteger(millis) && typeof id === 'string' ? { createdAt: new Date(millis), id } : null;
  }
}
