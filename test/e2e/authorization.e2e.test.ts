import { readFileSync } from 'node:fs';
import { ReservationStatus } from '../../src/gen/hotel/v1/reservation_pb.js';
import { create, type DescMethod, type DescService } from '@bufbuild/protobuf';
import { Code, ConnectError, createClient, type Transport } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_POLICY } from '../../src/adapters/rpc/access-policy.js';
import { AdminService } from '../../src/gen/hotel/v1/admin_service_pb.js';
import { AuthService } from '../../src/gen/hotel/v1/auth_service_pb.js';
import { BookingService } from '../../src/gen/hotel/v1/booking_service_pb.js';
import { NotificationAdminService } from '../../src/gen/hotel/v1/notification_service_pb.js';
import { PartnerService } from '../../src/gen/hotel/v1/partner_service_pb.js';
import { RateService } from '../../src/gen/hotel/v1/rate_service_pb.js';
import { SearchService } from '../../src/gen/hotel/v1/search_service_pb.js';
import { SCOPES } from '../../src/core/access/principal.js';
import { bearer } from '../support/auth.js';
import { accessTableLines, readmeAccessRows, type CallerColumn } from '../support/access-table.js';
import { callAnyRpc } from '../support/any-rpc.js';
import { day, useTestServer } from '../support/e2e.js';

const SERVICES: readonly DescService[] = [AuthService, SearchService, BookingService, AdminService, RateService, PartnerService, NotificationAdminService];
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** One of the callers the table is walked with, and which README column speaks for it. */
interface Caller {
  readonly name: string;
  readonly column: CallerColumn;
  /** Not the owner: another guest, the admin of another hotel, a partner without the RPC's scope. */
  readonly stranger: boolean;
  token?: string;
  /** Partners without the RPC's scope get a token per scope left out. */
  tokenWithout?: Partial<Record<string, string>>;
}

describe('the README access table', () => {
  it('lists every RPC of the API, as the access policy enforces it', () => {
    const start = README.indexOf('<!-- access-table:start -->');
    const table = README.slice(start, README.indexOf('<!-- access-table:end -->')).trim().split('\n').slice(1);
    expect(table).toEqual(accessTableLines());
    const rpcs = SERVICES.flatMap((s) => s.methods.map((m) => `${s.typeName}/${m.name}`)).sort();
    expect(Object.keys(ACCESS_POLICY).sort()).toEqual(rpcs);
  });
});

describe('authorization of every RPC, walked from the README table', () => {
  const e2e = useTestServer({ broker: 'in-process' });
  const checkIn = day(20);
  const checkOut = day(22);
  const fixture = {} as { hotel: string; otherHotel: string; roomType: string; ratePlan: string; reservation: string; keptReservation: string; guestEmail: string; guestPassword: string; refresh: string; partnerSecret: string };
  const callers: Caller[] = [
    { name: 'anonymous', column: 'anonymous', stranger: false },
    { name: 'other guest', column: 'guest', stranger: true },
    { name: 'other hotel admin', column: 'admin', stranger: true },
    { name: 'partner without the scope', column: 'partner', stranger: true },
    { name: 'guest', column: 'guest', stranger: false },
    { name: 'admin', column: 'admin', stranger: false },
    { name: 'partner with the scope', column: 'partner', stranger: false },
    { name: 'operator', column: 'operator', stranger: false },
  ];
  let transport: (token: string | undefined) => Transport;
  const tokens: Record<string, string> = {};
  let n = 0;
  const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++n}`;

  beforeAll(async () => {
    transport = (token) => createGrpcTransport({ baseUrl: e2e.server.url, interceptors: [bearer(token)] });
    const staff = transport(e2e.server.operatorToken);
    const admin = createClient(AdminService, staff);
    const auth = createClient(AuthService, staff);
    const hotelInit = { name: 'Access Hotel', city: 'Lisbon', countryCode: 'PT', latitude: 38.72, longitude: -9.14, timeZone: 'Europe/Lisbon', currencyCode: 'EUR' };
    const hotel = (await admin.createHotel(hotelInit)).hotel!.id;
    const otherHotel = (await admin.createHotel({ ...hotelInit, name: 'Other Hotel' })).hotel!.id;
    const roomType = (await admin.createRoomType({ hotelId: hotel, name: 'Double', maxGuests: 2 })).roomType!.id;
    await admin.setInventory({ hotelId: hotel, roomTypeId: roomType, from: day(1), to: day(60), totalRooms: 200, nightlyPriceMinor: 10_000n });
    const ratePlan = (
      await createClient(RateService, staff).createRatePlan({ hotelId: hotel, roomTypeId: roomType, name: 'Flexible', cancellationPolicy: { refundable: true, freeUntilHoursBeforeArrival: 24, penaltyKind: 1 } })
    ).ratePlan!.id;

    const guestEmail = `${unique('guest')}@example.com`;
    const guestPassword = 'guest-password-1';
    const signedUp = await auth.signUp({ email: guestEmail, password: guestPassword, name: 'Guest One' });
    const otherGuest = await auth.signUp({ email: `${unique('other')}@example.com`, password: 'guest-password-2', name: 'Guest Two' });
    const adminEmail = `${unique('admin')}@example.com`;
    const otherAdminEmail = `${unique('admin')}@example.com`;
    await auth.createAdminAccount({ email: adminEmail, password: 'admin-password-1', name: 'Admin One', hotelIds: [hotel] });
    await auth.createAdminAccount({ email: otherAdminEmail, password: 'admin-password-2', name: 'Admin Two', hotelIds: [otherHotel] });
    const anon = createClient(AuthService, transport(undefined));
    const partnerId = unique('partner');
    const { clientSecret } = await auth.createApiClient({ clientId: partnerId, name: 'Channel', role: 'partner', scopes: [...SCOPES], hotelIds: [hotel] });
    const partnerToken = async (scopes: string[]) => (await anon.issueClientToken({ clientId: partnerId, clientSecret, scopes })).tokens!.accessToken;

    Object.assign(tokens, {
      guest: signedUp.tokens!.accessToken,
      'other guest': otherGuest.tokens!.accessToken,
      admin: (await anon.signIn({ email: adminEmail, password: 'admin-password-1' })).tokens!.accessToken,
      'other hotel admin': (await anon.signIn({ email: otherAdminEmail, password: 'admin-password-2' })).tokens!.accessToken,
      'partner with the scope': await partnerToken([]),
      // Where an RPC needs no scope (or is refused to partners anyway), scopes change nothing.
      'partner without the scope': await partnerToken([]),
      operator: e2e.server.operatorToken,
    });
    for (const caller of callers) {
      const token = tokens[caller.name];
      if (token) caller.token = token;
      if (caller.name === 'partner without the scope') {
        caller.tokenWithout = Object.fromEntries(await Promise.all(SCOPES.map(async (s) => [s, await partnerToken(SCOPES.filter((x) => x !== s))] as const)));
      }
    }
    const book = (key: string) =>
      createClient(BookingService, transport(tokens['guest'])).createReservation({
        idempotencyKey: key,
        hotelId: hotel,
        roomTypeId: roomType,
        checkIn,
        checkOut,
        guests: 1,
        guestName: 'Guest One',
        guestEmail,
      });
    const reservation = (await book(unique('key'))).reservation!.id;
    const keptReservation = (await book(unique('key'))).reservation!.id;
    Object.assign(fixture, { hotel, otherHotel, roomType, ratePlan, reservation, keptReservation, guestEmail, guestPassword, refresh: signedUp.tokens!.refreshToken, partnerSecret: `${partnerId}\u0000${clientSecret}` });
  }, 60_000);

  /** A request for each RPC, aimed at the fixture: the admin's hotel, the guest's reservation. */
  const requestFor = (rpc: string): Record<string, unknown> => {
    const f = fixture;
    const [partnerId, partnerSecret] = f.partnerSecret.split('\u0000') as [string, string];
    const stay = { hotelId: f.hotel, roomTypeId: f.roomType, checkIn, checkOut };
    const booking = { ...stay, idempotencyKey: unique('key'), guests: 1, guestName: 'Guest One', guestEmail: f.guestEmail };
    const range = { from: day(30), to: day(32) };
    const requests: Record<string, Record<string, unknown>> = {
      'AuthService/SignUp': { email: `${unique('new')}@example.com`, password: 'new-password-1', name: 'New Guest' },
      'AuthService/SignIn': { email: f.guestEmail, password: f.guestPassword },
      'AuthService/RefreshToken': { refreshToken: f.refresh },
      'AuthService/IssueClientToken': { clientId: partnerId, clientSecret: partnerSecret },
      'AuthService/GetProfile': {},
      'AuthService/UpdateProfile': { phone: '+351 21 000 0000' },
      'AuthService/CreateAdminAccount': { email: `${unique('adm')}@example.com`, password: 'admin-password-9', name: 'Admin', hotelIds: [f.hotel] },
      'AuthService/CreateApiClient': { clientId: unique('client'), name: 'Another', role: 'partner', scopes: ['bookings:read'], hotelIds: [] },
      'AuthService/ConnectPartner': { clientId: partnerId, hotelId: f.hotel },
      'AuthService/DeleteAccount': {},
      'SearchService/SearchAvailability': { location: { case: 'city', value: 'Lisbon' }, checkIn, checkOut, guests: 1 },
      'SearchService/GetRateCalendar': { hotelId: f.hotel, ...range },
      'SearchService/DescribeHotel': { hotelId: f.hotel },
      'BookingService/QuoteStay': { ...stay, adults: 1 },
      'BookingService/CreateReservation': booking,
      'BookingService/HoldReservation': { ...booking, holdMinutes: 5 },
      'BookingService/GetReservation': { reservationId: f.reservation },
      'BookingService/PreviewCancellation': { reservationId: f.reservation },
      'BookingService/ModifyReservation': { reservationId: f.reservation, guests: 2, idempotencyKey: unique('key') },
      'BookingService/CancelReservation': { reservationId: f.reservation },
      'BookingService/ListMyReservations': { guestEmail: f.guestEmail },
      'AdminService/CreateHotel': { name: 'New Hotel', city: 'Porto', countryCode: 'PT', latitude: 41.15, longitude: -8.61, timeZone: 'Europe/Lisbon', currencyCode: 'EUR' },
      'AdminService/GetHotel': { hotelId: f.hotel },
      'AdminService/UpdateHotel': { hotelId: f.hotel, name: 'Access Hotel Renamed' },
      // Refused while the kept reservation is to come (FAILED_PRECONDITION) when allowed: the hotel stays.
      'AdminService/DeleteHotel': { hotelId: f.hotel },
      'AdminService/ListHotels': {},
      'AdminService/CreateRoomType': { hotelId: f.hotel, name: unique('Suite'), maxGuests: 2 },
      'AdminService/UpdateRoomType': { hotelId: f.hotel, roomTypeId: f.roomType, name: 'Double Deluxe' },
      'AdminService/DeleteRoomType': { hotelId: f.hotel, roomTypeId: f.roomType },
      'AdminService/SetInventory': { hotelId: f.hotel, roomTypeId: f.roomType, ...range, totalRooms: 200 },
      'AdminService/GetInventory': { hotelId: f.hotel, roomTypeId: f.roomType, ...range },
      'AdminService/ListHotelReservations': { hotelId: f.hotel },
      'AdminService/CheckIn': { reservationId: f.reservation },
      'AdminService/CheckOut': { reservationId: f.reservation },
      'AdminService/MarkNoShow': { reservationId: f.reservation },
      'RateService/CreateRatePlan': { hotelId: f.hotel, roomTypeId: f.roomType, name: unique('Rate'), cancellationPolicy: { refundable: false, penaltyKind: 3 } },
      'RateService/ListRatePlans': { hotelId: f.hotel },
      'RateService/SetRatePrices': { hotelId: f.hotel, ratePlanId: f.ratePlan, ...range, pricesByAdultsMinor: [12_000n] },
      'RateService/SetRestrictions': { hotelId: f.hotel, roomTypeId: f.roomType, ...range, minStay: 1 },
      'PartnerService/PushAri': { updates: [{ hotelId: f.hotel, roomTypeId: f.roomType, ...range, totalRooms: 200 }] },
      'PartnerService/ListBookingRevisions': { hotelIds: [f.hotel] },
      'PartnerService/AckBookingRevisions': { revisions: [{ hotelId: f.hotel, sequence: 1n }] },
      'PartnerService/StreamBookingRevisions': { hotelId: f.hotel },
      'NotificationAdminService/RegisterWebhook': { hotelId: f.hotel, url: 'https://partner.example/hooks', eventTypes: ['reservation.confirmed'] },
      'NotificationAdminService/ListWebhookDeliveries': { hotelId: f.hotel, webhookId: 'wh_unknown', limit: 5 },
      'NotificationAdminService/GetNotificationStatus': {},
      'NotificationAdminService/ReplayDeadLetters': { consumer: 'guest-email', limit: 1 },
    };
    const request = requests[rpc];
    if (!request) throw new Error(`the test has no request for ${rpc}: add one`);
    return request;
  };

  /** What the README cell promises this caller: allowed, or the code it is refused with. */
  const expected = (rpc: string, cell: string, caller: Caller): 'allowed' | Code => {
    if (cell === '-') return caller.column === 'anonymous' ? Code.Unauthenticated : Code.PermissionDenied;
    if (!caller.stranger || cell === 'yes' || cell === 'own account') return 'allowed';
    if (caller.column === 'partner') return Code.PermissionDenied; // the scope is missing
    const rule = ACCESS_POLICY[`hotel.v1.${rpc}`];
    if (rule?.ownership === 'reservation') return Code.NotFound; // ids of others' reservations cannot be probed
    const namesHotel = JSON.stringify(requestFor(rpc), (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)).includes(fixture.hotel);
    return caller.column === 'admin' && !namesHotel ? 'allowed' : Code.PermissionDenied;
  };

  // Before the walk: its last row deletes the accounts it signs in with.
  it('lets only the caller who placed a hold confirm it; to anyone else the hold does not exist', async () => {
    const asGuest = (name: string) => createClient(BookingService, transport(tokens[name]));
    const hold = (await asGuest('guest').holdReservation({ ...requestFor('BookingService/HoldReservation') })).reservation!;
    const confirm = { idempotencyKey: unique('confirm'), holdId: hold.id, guestName: 'Guest One', guestEmail: fixture.guestEmail };
    for (const name of ['other guest', 'partner with the scope', 'operator']) {
      const refused = await createClient(BookingService, transport(tokens[name]))
        .createReservation({ ...confirm, idempotencyKey: unique('confirm') })
        .then(() => undefined, (e: unknown) => ConnectError.from(e).code);
      expect(refused, name).toBe(name === 'other guest' ? Code.PermissionDenied : Code.NotFound);
    }
    const confirmed = await asGuest('guest').createReservation(confirm);
    expect(confirmed.reservation!.status).toBe(ReservationStatus.CONFIRMED);
  });

  it('answers every RPC for every kind of caller exactly as the table says', async () => {
    const rows = readmeAccessRows(README);
    expect(rows.length).toBe(Object.keys(ACCESS_POLICY).length);
    const mismatches: string[] = [];
    let calls = 0;
    for (const row of rows) {
      const [serviceName, methodName] = row.rpc.split('/') as [string, string];
      const service = SERVICES.find((s) => s.typeName === `hotel.v1.${serviceName}`);
      const method = service?.methods.find((m) => m.name === methodName);
      if (!method) throw new Error(`README lists ${row.rpc}, which the API does not have`);
      const scope = ACCESS_POLICY[`hotel.v1.${row.rpc}`]?.scope;
      for (const caller of callers) {
        const token = caller.tokenWithout && scope ? caller.tokenWithout[scope] : caller.token;
        const want = expected(row.rpc, row.cells[caller.column], caller);
        const got = await invoke(transport(token), method, requestFor(row.rpc));
        calls++;
        const refused = got === Code.Unauthenticated || got === Code.PermissionDenied || (got === Code.NotFound && want === Code.NotFound);
        const ok = want === "allowed" ? !refused : got === want;
        if (!ok) mismatches.push(`${row.rpc} as ${caller.name}: expected ${want === 'allowed' ? 'allowed' : Code[want]}, got ${got === undefined ? 'OK' : Code[got]}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(calls).toBe(rows.length * callers.length);
  }, 120_000);
});

/** Calls one RPC; the status code, or undefined on success (a subscription that stays open counts as success). */
function invoke(transport: Transport, method: DescMethod, init: Record<string, unknown>): Promise<Code | undefined> {
  return callAnyRpc(transport, method, create(method.input, init as never), 500);
}
