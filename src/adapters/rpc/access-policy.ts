import type { DescMessage, Message } from '@bufbuild/protobuf';
import { reflect, type ReflectMessage } from '@bufbuild/protobuf/reflect';
import { Code, ConnectError, createContextKey, type Interceptor } from '@connectrpc/connect';
import { ANONYMOUS, mayActOnHotel, normaliseEmail, type Principal, type PrincipalKind, type Scope } from '../../core/access/principal.js';
import type { Unauthenticated } from '../../core/shared/errors.js';
import type { Result } from '../../core/shared/result.js';
import { toConnectError } from './domain-errors.js';
import { nextWithChecked } from './request-check.js';

/** The caller of the current RPC, set by the access interceptor; handlers read it from their context. */
export const PRINCIPAL = createContextKey<Principal>(ANONYMOUS, { description: 'authenticated caller' });

/**
 * Who may call an RPC. `callers` lists the principal kinds let through ('anonymous' means anyone);
 * partners also need `scope`. For admins and partners every hotel id in the request (any field
 * named hotel_id or hotel_ids, at any depth) must be one of theirs. `ownership` says what the use
 * case checks further for rows the request names only by id (a reservation: the guest who booked
 * it, the hotel's admins, partners connected to the hotel); `guestEmail` that a guest may only name
 * its own email in `guest_email`.
 */
export interface AccessRule {
  readonly callers: readonly PrincipalKind[];
  readonly scope?: Scope;
  readonly ownership?: 'reservation';
  readonly guestEmail?: true;
  /** Hotel ids in the request are public data here (search): no hotel check. */
  readonly publicHotels?: true;
}

const ANYONE: AccessRule = { callers: ['anonymous', 'guest', 'admin', 'partner', 'operator'], publicHotels: true };
const ACCOUNT_OWNER: AccessRule = { callers: ['guest', 'admin'] };
const OPERATOR: AccessRule = { callers: ['operator'] };
const HOTEL_STAFF: AccessRule = { callers: ['admin', 'operator'] };
const ARI: AccessRule = { callers: ['admin', 'partner', 'operator'], scope: 'ari:write' };
const BOOK: AccessRule = { callers: ['guest', 'admin', 'partner', 'operator'], scope: 'bookings:write', guestEmail: true };
const READ_RESERVATION: AccessRule = { callers: ['guest', 'admin', 'partner', 'operator'], scope: 'bookings:read', ownership: 'reservation' };
const CHANGE_RESERVATION: AccessRule = { callers: ['guest', 'admin', 'partner', 'operator'], scope: 'bookings:write', ownership: 'reservation' };
const FRONT_DESK: AccessRule = { callers: ['admin', 'operator'], ownership: 'reservation' };
const FEED: AccessRule = { callers: ['partner', 'operator'], scope: 'bookings:read' };

/**
 * Every RPC of the API and who may call it: the one table the access interceptor enforces, the
 * README's access table shows (test/adapters/rpc/access-policy.test.ts keeps the two equal) and
 * the authorization end-to-end test walks. An RPC missing here is refused to everyone.
 */
export const ACCESS_POLICY: Readonly<Record<string, AccessRule>> = {
  'hotel.v1.AuthService/SignUp': ANYONE,
  'hotel.v1.AuthService/SignIn': ANYONE,
  'hotel.v1.AuthService/RefreshToken': ANYONE,
  'hotel.v1.AuthService/IssueClientToken': ANYONE,
  'hotel.v1.AuthService/GetProfile': ACCOUNT_OWNER,
  'hotel.v1.AuthService/UpdateProfile': ACCOUNT_OWNER,
  'hotel.v1.AuthService/CreateAdminAccount': OPERATOR,
  'hotel.v1.AuthService/CreateApiClient': OPERATOR,
  'hotel.v1.AuthService/ConnectPartner': HOTEL_STAFF,
  'hotel.v1.SearchService/SearchAvailability': ANYONE,
  'hotel.v1.SearchService/GetRateCalendar': ANYONE,
  'hotel.v1.SearchService/DescribeHotel': ANYONE,
  'hotel.v1.BookingService/QuoteStay': ANYONE,
  'hotel.v1.BookingService/CreateReservation': BOOK,
  'hotel.v1.BookingService/HoldReservation': BOOK,
  'hotel.v1.BookingService/GetReservation': READ_RESERVATION,
  'hotel.v1.BookingService/PreviewCancellation': READ_RESERVATION,
  'hotel.v1.BookingService/ModifyReservation': CHANGE_RESERVATION,
  'hotel.v1.BookingService/CancelReservation': CHANGE_RESERVATION,
  'hotel.v1.BookingService/ListMyReservations': { callers: ['guest', 'operator'], guestEmail: true },
  'hotel.v1.AdminService/CreateHotel': HOTEL_STAFF,
  'hotel.v1.AdminService/GetHotel': HOTEL_STAFF,
  'hotel.v1.AdminService/UpdateHotel': HOTEL_STAFF,
  'hotel.v1.AdminService/DeleteHotel': HOTEL_STAFF,
  'hotel.v1.AdminService/ListHotels': HOTEL_STAFF,
  'hotel.v1.AdminService/CreateRoomType': HOTEL_STAFF,
  'hotel.v1.AdminService/UpdateRoomType': HOTEL_STAFF,
  'hotel.v1.AdminService/DeleteRoomType': HOTEL_STAFF,
  'hotel.v1.AdminService/SetInventory': HOTEL_STAFF,
  'hotel.v1.AdminService/GetInventory': HOTEL_STAFF,
  'hotel.v1.AdminService/ListHotelReservations': HOTEL_STAFF,
  'hotel.v1.AdminService/CheckIn': FRONT_DESK,
  'hotel.v1.AdminService/CheckOut': FRONT_DESK,
  'hotel.v1.AdminService/MarkNoShow': FRONT_DESK,
  'hotel.v1.RateService/CreateRatePlan': ARI,
  'hotel.v1.RateService/ListRatePlans': ARI,
  'hotel.v1.RateService/SetRatePrices': ARI,
  'hotel.v1.RateService/SetRestrictions': ARI,
  'hotel.v1.PartnerService/PushAri': ARI,
  'hotel.v1.PartnerService/ListBookingRevisions': FEED,
  'hotel.v1.PartnerService/AckBookingRevisions': FEED,
  'hotel.v1.PartnerService/StreamBookingRevisions': FEED,
  'hotel.v1.NotificationAdminService/RegisterWebhook': { callers: ['admin', 'partner', 'operator'], scope: 'bookings:read' },
  'hotel.v1.NotificationAdminService/ListWebhookDeliveries': { callers: ['admin', 'partner', 'operator'], scope: 'bookings:read' },
  'hotel.v1.NotificationAdminService/GetNotificationStatus': OPERATOR,
  'hotel.v1.NotificationAdminService/ReplayDeadLetters': OPERATOR,
  // Last in the README table: the end-to-end walk deletes the accounts it signs in with here.
  'hotel.v1.AuthService/DeleteAccount': ACCOUNT_OWNER,
};

/** Infrastructure every caller reaches without a token: load balancers' health checks, tooling. */
const OPEN_SERVICES = new Set(['grpc.health.v1.Health', 'grpc.reflection.v1.ServerReflection', 'grpc.reflection.v1alpha.ServerReflection']);

export type Authenticate = (bearer: string | undefined) => Promise<Result<Principal, Unauthenticated>>;

/**
 * Authentication and the first half of authorization for every RPC: reads `authorization: Bearer`,
 * resolves the caller (UNAUTHENTICATED for a bad token), applies ACCESS_POLICY (UNAUTHENTICATED for
 * anonymous callers of a non-public RPC, PERMISSION_DENIED for a role or scope that may not, or a
 * hotel that is not theirs), and puts the principal in the call's context for the use cases' own
 * ownership checks. Runs before validation, so an anonymous caller learns nothing about a request.
 */
export function accessInterceptor(authenticate: Authenticate): Interceptor {
  return (next) => async (req) => {
    if (OPEN_SERVICES.has(req.service.typeName)) return next(req);
    const rule = ACCESS_POLICY[`${req.service.typeName}/${req.method.name}`];
    const principal = await resolve(authenticate, req.header.get('authorization'));
    if (!rule) throw new ConnectError('this RPC is not open to any caller', Code.PermissionDenied);
    admit(rule, principal);
    req.contextValues.set(PRINCIPAL, principal);
    return nextWithChecked(req, next, (message) => checkRequest(rule, principal, req.method.input, message));
  };
}

async function resolve(authenticate: Authenticate, header: string | null): Promise<Principal> {
  if (header === null || header === '') return ANONYMOUS;
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
  if (!match?.[1]) throw new ConnectError('the authorization header must be "Bearer <access token>"', Code.Unauthenticated);
  const result = await authenticate(match[1]);
  if (!result.ok) throw toConnectError(result.error);
  return result.value;
}

function admit(rule: AccessRule, principal: Principal): void {
  if (rule.callers.includes('anonymous') || rule.callers.includes(principal.kind)) {
    if (principal.kind === 'partner' && rule.scope && !principal.scopes.has(rule.scope)) {
      throw new ConnectError(`this RPC needs the ${rule.scope} scope, which the token does not carry`, Code.PermissionDenied);
    }
    return;
  }
  if (principal.kind === 'anonymous') throw new ConnectError('this RPC needs an access token: sign in, or use the client-credentials grant', Code.Unauthenticated);
  throw new ConnectError(`a ${principal.kind} may not call this RPC`, Code.PermissionDenied);
}

function checkRequest(rule: AccessRule, principal: Principal, schema: DescMessage, message: Message): void {
  const fields = reflect(schema, message);
  if (!rule.publicHotels && (principal.kind === 'admin' || principal.kind === 'partner')) {
    for (const hotelId of hotelIdsIn(fields)) {
      if (!mayActOnHotel(principal, hotelId, rule.scope)) throw new ConnectError(`hotel ${hotelId.slice(0, 128)} is not one of the caller's hotels`, Code.PermissionDenied);
    }
  }
  if (rule.guestEmail && principal.kind === 'guest') {
    const email = fields.fields.find((f) => f.name === 'guest_email');
    const value = email ? fields.get(email) : undefined;
    if (typeof value === 'string' && normaliseEmail(value) !== normaliseEmail(principal.email)) {
      throw new ConnectError('a guest may only use its own email (the one it signed in with)', Code.PermissionDenied);
    }
  }
}

/** Every value of a field named hotel_id or hotel_ids, at any depth of the message. */
function hotelIdsIn(message: ReflectMessage): string[] {
  const found: string[] = [];
  for (const field of message.fields) {
    if (!message.isSet(field)) continue;
    if (field.fieldKind === 'scalar' && field.name === 'hotel_id') found.push(String(message.get(field)));
    else if (field.fieldKind === 'message') found.push(...hotelIdsIn(message.get(field)));
    else if (field.fieldKind === 'list') {
      for (const item of message.get(field)) {
        if (field.listKind === 'scalar' && field.name === 'hotel_ids') found.push(String(item));
        else if (field.listKind === 'message') found.push(...hotelIdsIn(item as ReflectMessage));
      }
    }
  }
  return found;
}
