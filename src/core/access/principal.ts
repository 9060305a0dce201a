/**
 * Who is calling, as established from a verified access token (or nobody). The RPC adapter builds
 * it once per call; use cases that act on a reservation or a hotel check it against what they load.
 */
export const SCOPES = ['ari:write', 'bookings:read', 'bookings:write'] as const;
export type Scope = (typeof SCOPES)[number];

export const isScope = (value: string): value is Scope => (SCOPES as readonly string[]).includes(value);

export interface Anonymous {
  readonly kind: 'anonymous';
}
/** A guest account: sees and changes the reservations booked under its own email. */
export interface GuestPrincipal {
  readonly kind: 'guest';
  readonly accountId: string;
  readonly email: string;
}
/** A hotel administrator: manages the hotels its account is bound to, and only those. */
export interface AdminPrincipal {
  readonly kind: 'admin';
  readonly accountId: string;
  readonly email: string;
  readonly hotelIds: ReadonlySet<string>;
}
/** A channel partner (OAuth2 client): acts on the hotels it is connected to, within its scopes. */
export interface PartnerPrincipal {
  readonly kind: 'partner';
  readonly clientId: string;
  readonly hotelIds: ReadonlySet<string>;
  readonly scopes: ReadonlySet<Scope>;
}
/** Platform staff (an OAuth2 client with the operator role): may act on every hotel. */
export interface OperatorPrincipal {
  readonly kind: 'operator';
  readonly clientId: string;
}

export type Principal = Anonymous | GuestPrincipal | AdminPrincipal | PartnerPrincipal | OperatorPrincipal;
export type PrincipalKind = Principal['kind'];

export const ANONYMOUS: Anonymous = { kind: 'anonymous' };

/**
 * A stable name for the caller: the scope of its idempotency keys, the author recorded on the
 * changes it makes, and its rate-limit bucket. Never contains personal data.
 */
export function subjectOf(principal: Principal): string {
  switch (principal.kind) {
    case 'anonymous':
      return 'anonymous';
    case 'guest':
    case 'admin':
      return `${principal.kind}:${principal.accountId}`;
    case 'partner':
    case 'operator':
      return `${principal.kind}:${principal.clientId}`;
  }
}

/** Emails compare case-insensitively and without surrounding blanks. */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/**
 * May the caller act on this hotel's data? Admins on their own hotels; partners on the hotels they
 * are connected to and only with `scope`; operators everywhere. Guests and anonymous callers never:
 * their access is to reservations (see mayAccessReservation) and to public search.
 */
export function mayActOnHotel(principal: Principal, hotelId: string, scope: Scope | undefined): boolean {
  switch (principal.kind) {
    case 'operator':
      return true;
    case 'admin':
      return principal.hotelIds.has(hotelId);
    case 'partner':
      return scope !== undefined && principal.scopes.has(scope) && principal.hotelIds.has(hotelId);
    default:
      return false;
  }
}

export type ReservationNeed = 'read' | 'write';

/**
 * May the caller see (`read`) or change (`write`) this reservation? The guest who booked it (same
 * email), the hotel's admins, partners connected to the hotel with bookings:read / bookings:write,
 * operators. Use cases answer NOT_FOUND when not, so a caller cannot probe which ids exist.
 */
export function mayAccessReservation(principal: Principal, reservation: { readonly hotelId: string; readonly guest: { readonly email: string } }, need: ReservationNeed): boolean {
  if (principal.kind === 'guest') return normaliseEmail(reservation.guest.email) === normaliseEmail(principal.email);
  return mayActOnHotel(principal, reservation.hotelId, need === 'read' ? 'bookings:read' : 'bookings:write');
}
