import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import http2 from 'node:http2';
import path from 'node:path';
import { create, ScalarType, type DescEnum, type DescField, type DescMessage, type DescMethod, type DescService } from '@bufbuild/protobuf';
import { Code } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { callAnyRpc } from '../support/any-rpc.js';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, bearerHeader } from '../support/auth.js';
import { call } from '../support/grpc-client.js';
import { day, useTestServer } from '../support/e2e.js';

// Fuzzing of every RPC (issue 11): fast-check builds request messages for every method of every
// service in src/gen from the descriptors alone (so a new RPC is fuzzed the day it is generated),
// mixing valid ids and dates of real rows with boundary and hostile values; then random bytes on the
// wire in the gRPC and Connect framings. Invariants, for every request:
//   - the answer is a success or a typed error: never INTERNAL, UNKNOWN, DATA_LOSS or UNIMPLEMENTED;
//   - a rejected request changes nothing in the database (a fingerprint of every table a request
//     transaction writes is identical before and after it);
//   - the process sees no unhandled rejection or uncaught exception, and still answers afterwards.
// FUZZ_RUNS (default 10,000) spreads over the methods; FUZZ_SEED replays a run.

const TOTAL_RUNS = Number(process.env['FUZZ_RUNS'] ?? 10_000);
/** fast-check parameters shared by every property: a fixed seed when FUZZ_SEED is set, stop at the first failure. */
const RUN = { endOnFailure: true, ...(process.env['FUZZ_SEED'] === undefined ? {} : { seed: Number(process.env['FUZZ_SEED']) }) } as const;
const ROOT = path.resolve(import.meta.dirname, '../..');

/** Codes that mean "the server broke", not "the request was wrong". */
const BROKEN = new Set([Code.Internal, Code.Unknown, Code.DataLoss, Code.Unimplemented]);

/**
 * Tables written after a request has been answered, by consumers and background loops, never by the
 * request's own transaction: their changes say nothing about the request. Columns a relay updates
 * later are left out of the tables they live in.
 */
const WRITTEN_IN_BACKGROUND = new Set([
  'mikro_orm_migrations',
  'notifications', // guest notification consumer
  'booking_revisions', // booking revision feed consumer
  'booking_revision_heads',
  'processed_events', // email and webhook consumers
  'notification_deliveries',
  'webhook_attempts',
]);
const COLUMNS: Readonly<Record<string, string>> = {
  outbox: 'event_id, type, aggregate_id, payload',
  // A refused sign-in (wrong password) counts against the account, by design: that is the lockout.
  // Those two columns are its only trace; everything else of an account must stay as it was.
  accounts: 'id, role, email_index, email_sealed, name_sealed, phone_sealed, preferences, password_hash, token_version, created_at, erased_at',
};

const e2e = useTestServer({ broker: 'in-process', env: { HOLD_SWEEP_MS: '3600000' } });

const services: DescService[] = [];
const pools = { ids: [] as string[], hotels: [] as string[], roomTypes: [] as string[], ratePlans: [] as string[], reservations: [] as string[] };
let db: pg.Client;
let fingerprintSql = '';
const escaped: unknown[] = [];
const onEscape = (error: unknown) => escaped.push(error);

beforeAll(async () => {
  process.on('unhandledRejection', onEscape);
  process.on('uncaughtException', onEscape);
  for (const file of readdirSync(path.join(ROOT, 'src/gen/hotel/v1')).filter((f) => f.endsWith('_pb.ts'))) {
    const module = (await import(path.join(ROOT, 'src/gen/hotel/v1', file))) as Record<string, unknown>;
    for (const value of Object.values(module)) if (isService(value)) services.push(value);
  }
  for (let i = 0; i < 2; i++) {
    const seeded = await seedHotel(i);
    pools.hotels.push(seeded.hotelId);
    pools.roomTypes.push(seeded.roomTypeId);
    pools.ratePlans.push(seeded.ratePlanId);
    pools.reservations.push(seeded.reservationId);
  }
  pools.ids.push(...pools.hotels, ...pools.roomTypes, ...pools.ratePlans, ...pools.reservations);
  db = new pg.Client({ connectionString: e2e.server.databaseUrl });
  await db.connect();
  const { rows } = await db.query<{ name: string }>(`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`);
  const parts = rows
    .filter((t) => !WRITTEN_IN_BACKGROUND.has(t.name))
    .map((t) => `(select '${t.name}:' || count(*) || ':' || coalesce(md5(string_agg(x::text, ',' order by x::text)), '') from (select ${COLUMNS[t.name] ?? '*'} from ${t.name}) x)`);
  fingerprintSql = `select ${parts.join(` || '|' || `)} as print`;
}, 60_000);

afterAll(async () => {
  process.off('unhandledRejection', onEscape);
  process.off('uncaughtException', onEscape);
  await db?.end();
});

async function fingerprint(): Promise<string> {
  const { rows } = await db.query<{ print: string }>(fingerprintSql);
  return rows[0]!.print;
}

describe('fuzzing every RPC', () => {
  it('finds the services to fuzz in the generated code', () => {
    expect(services.map((s) => s.typeName)).toEqual(expect.arrayContaining(['hotel.v1.AdminService', 'hotel.v1.BookingService', 'hotel.v1.SearchService', 'hotel.v1.RateService']));
  });

  it(`sends ${TOTAL_RUNS} generated requests: typed errors only, and rejected ones change nothing`, async () => {
    const methods = services.flatMap((s) => s.methods);
    const runsPerMethod = Math.ceil(TOTAL_RUNS / methods.length);
    // As the operator (every RPC, every hotel): the requests must reach the use cases, not stop at access.
    const client = createGrpcTransport({ baseUrl: e2e.server.url, interceptors: [bearer(e2e.server.operatorToken)] });
    const outcomes = new Map<string, number>();
    let before = await fingerprint();
    for (const method of methods) {
      await fc.assert(
        fc.asyncProperty(messageInit(method.input, 0), async (init) => {
          const code = await invoke(client, method, init);
          const name = `${method.parent.name}.${method.name}`;
          outcomes.set(code === undefined ? 'OK' : Code[code], (outcomes.get(code === undefined ? 'OK' : Code[code]) ?? 0) + 1);
          expect(BROKEN.has(code!), `${name} answered ${code === undefined ? 'OK' : Code[code]}`).toBe(false);
          const after = await fingerprint();
          if (code !== undefined) expect(after, `${name} was rejected (${Code[code]}) but changed the database`).toBe(before);
          before = after;
        }),
        { ...RUN, numRuns: runsPerMethod },
      );
    }
    // The requests must reach past validation too: successes and domain refusals, not only INVALID_ARGUMENT.
    expect(outcomes.get('OK') ?? 0).toBeGreaterThan(methods.length);
    expect([...outcomes.keys()]).toEqual(expect.arrayContaining(['OK', 'InvalidArgument', 'NotFound']));
    console.info(`fuzz outcomes over ${methods.length} methods:`, Object.fromEntries(outcomes));
  }, 600_000);

  it('answers random bytes in gRPC frames with a gRPC status, never INTERNAL', async () => {
    const session = http2.connect(e2e.server.url);
    try {
      const paths = services.flatMap((s) => s.methods.map((m) => `/${s.typeName}/${m.name}`));
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...paths), wireBody(), async (rpcPath, body) => {
          const status = await rawGrpc(session, rpcPath, body, e2e.server.operatorToken);
          expect(status.grpcStatus, `${rpcPath} with ${body.length} random bytes`).toBeDefined();
          expect(BROKEN.has(Number(status.grpcStatus)), `${rpcPath}: grpc-status ${status.grpcStatus} ${status.message}`).toBe(false);
        }),
        { ...RUN, numRuns: 500 },
      );
    } finally {
      session.close();
    }
  }, 120_000);

  it('answers random bytes and broken JSON over Connect (HTTP/1.1) with a typed Connect error', async () => {
    const paths = services.flatMap((s) => s.methods.filter((m) => m.methodKind === 'unary').map((m) => `/${s.typeName}/${m.name}`));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.constantFrom('application/json', 'application/proto'),
        fc.oneof(fc.uint8Array({ maxLength: 256 }), fc.json().map((j) => new TextEncoder().encode(j)), fc.string().map((s) => new TextEncoder().encode(`{"${s}":`))),
        async (rpcPath, contentType, body) => {
          const response = await fetch(`${e2e.server.url}${rpcPath}`, { method: 'POST', headers: { 'content-type': contentType, ...bearerHeader(e2e.server.operatorToken) }, body });
          const text = await response.text();
          if (response.status === 200) return; // a body that happened to decode to a valid request
          const error = JSON.parse(text) as { code?: string };
          expect(['internal', 'unknown', 'data_loss', 'unimplemented'], `${rpcPath} ${contentType}: ${response.status} ${text.slice(0, 200)}`).not.toContain(error.code);
        },
      ),
      { ...RUN, numRuns: 500 },
    );
  }, 120_000);

  it('lets nothing escape as an unhandled rejection or exception, and still serves', async () => {
    expect(escaped).toEqual([]);
    const health = await fetch(`${e2e.server.url}/grpc.health.v1.Health/Check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(await health.json()).toEqual({ status: 'SERVING' });
  });
});

// ---- generation --------------------------------------------------------------------------------

function isService(value: unknown): value is DescService {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'service';
}

const HUGE = 'x'.repeat(100_000);
const hostileStrings = [
  '', ' ', '\t\n', 'a', HUGE, '\u0000', '\u0000abc', '😀🏨', 'Zoë Ångström', 'ＡＢＣ', '\u202Eevil', "'; drop table hotels; --", '%s%n', '../../etc/passwd',
  'null', 'undefined', '-1', '1e309', 'NaN', '2024-02-30', '2026-13-01', '0000-01-01', '9999-12-31', '2026-1-1', 'tomorrow',
  'not-an-email', 'a@b', 'guest@example.com', 'EUR', 'XXX', 'eur', 'Europe/Paris', 'Mars/Olympus', 'UTC', 'FR', 'ZZ',
  'htl_000_x', 'htl_zzz_0', 'res_000_x', 'Paris', 'WIFI', 'POOL', 'wifi', 'MEAL_PLAN_BREAKFAST',
];

function stringArb(): fc.Arbitrary<string> {
  const days = fc.integer({ min: -400, max: 800 }).map((d) => day(d));
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...pools.ids) },
    { weight: 4, arbitrary: days },
    { weight: 3, arbitrary: fc.constantFrom(...hostileStrings) },
    { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
    { weight: 1, arbitrary: fc.constant(randomUUID()) },
  );
}

const INT32 = fc.oneof(fc.constantFrom(0, 1, -1, 2, 3, 4, 7, 30, 366, 10_000, 2 ** 31 - 1, -(2 ** 31)), fc.integer());
const UINT32 = fc.oneof(fc.constantFrom(0, 1, 2, 3, 10_000, 2 ** 32 - 1), fc.nat());
const INT64 = fc.oneof(fc.constantFrom(0n, 1n, -1n, 100n, 20_000n, 2n ** 63n - 1n, -(2n ** 63n)), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }));
const UINT64 = fc.oneof(fc.constantFrom(0n, 1n, 20_000n, 2n ** 64n - 1n), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }));
const DOUBLE = fc.oneof(fc.constantFrom(0, -0, Number.NaN, Infinity, -Infinity, 1e308, -1e308, 48.85, 2.35, 43.3, 5.37, -91, 181), fc.double());

function scalarArb(type: ScalarType): fc.Arbitrary<unknown> {
  switch (type) {
    case ScalarType.STRING:
      return stringArb();
    case ScalarType.BOOL:
      return fc.boolean();
    case ScalarType.BYTES:
      return fc.uint8Array({ maxLength: 64 });
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return DOUBLE;
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return INT64;
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return UINT64;
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return UINT32;
    default:
      return INT32;
  }
}

function enumArb(desc: DescEnum): fc.Arbitrary<number> {
  // proto3 enums are open: numbers the server does not know must be refused, not crash it.
  return fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...desc.values.map((v) => v.number)) }, { weight: 1, arbitrary: fc.constantFrom(999, -1) });
}

/**
 * Plausible values for fields known by name (ids of seeded rows, dates inside the seeded range, a
 * sane guest count...), so that many generated requests get past validation into the use cases.
 */
function plausible(field: DescField): fc.Arbitrary<unknown> | undefined {
  const name = field.localName;
  if (field.fieldKind !== 'scalar') return undefined;
  if (field.scalar === ScalarType.STRING) {
    if (/hotelId$/i.test(name)) return fc.constantFrom(...pools.hotels);
    if (/roomTypeId$/i.test(name)) return fc.constantFrom(...pools.roomTypes);
    if (/ratePlanId$/i.test(name)) return fc.constantFrom(...pools.ratePlans);
    if (/reservationId$/i.test(name)) return fc.constantFrom(...pools.reservations);
    if (/idempotencyKey$/i.test(name)) return fc.uuid();
    if (/^(checkIn|from|date|arrival)$/i.test(name)) return fc.integer({ min: 2, max: 12 }).map(day);
    if (/^(checkOut|to|departure)$/i.test(name)) return fc.integer({ min: 13, max: 20 }).map(day);
    if (/email$/i.test(name)) return fc.constantFrom('guest@example.com', 'ada@example.com');
    if (/timeZone$/i.test(name)) return fc.constant('Europe/Paris');
    if (/currencyCode$/i.test(name)) return fc.constant('EUR');
    if (/countryCode$/i.test(name)) return fc.constant('FR');
    if (/city$/i.test(name)) return fc.constant('Fuzzville');
    if (/name$/i.test(name)) return fc.constantFrom('Fuzz Name', 'Zoë Ångström');
    return undefined;
  }
  if (/^(guests|adults|maxGuests)$/i.test(name)) return fc.integer({ min: 1, max: 3 });
  if (/^(children)$/i.test(name)) return fc.integer({ min: 0, max: 1 });
  if (/^(totalRooms|rooms)$/i.test(name)) return fc.integer({ min: 1, max: 8 });
  if (/pageSize$/i.test(name)) return fc.integer({ min: 1, max: 50 });
  if (/Minor$/.test(name)) return fc.bigInt({ min: 1_000n, max: 50_000n });
  if (/latitude$/i.test(name)) return fc.constant(43.3);
  if (/longitude$/i.test(name)) return fc.constant(5.37);
  return undefined;
}

function singleArb(field: DescField, depth: number): fc.Arbitrary<unknown> {
  const sensible = plausible(field);
  if (sensible) return fc.oneof({ weight: 3, arbitrary: sensible }, { weight: 1, arbitrary: scalarArb(field.scalar!) });
  if (field.fieldKind === 'scalar') return scalarArb(field.scalar);
  if (field.fieldKind === 'enum') return enumArb(field.enum);
  if (field.fieldKind === 'message') return depth > 3 ? fc.constant(undefined) : messageInit(field.message, depth + 1);
  return fc.constant(undefined);
}

function fieldArb(field: DescField, depth: number): fc.Arbitrary<unknown> {
  switch (field.fieldKind) {
    case 'list': {
      const element =
        field.listKind === 'scalar' ? scalarArb(field.scalar) : field.listKind === 'enum' ? enumArb(field.enum) : depth > 3 ? fc.constant(undefined) : messageInit(field.message, depth + 1);
      // Long lists only at the top level: nested long lists multiply into megabyte requests.
      if (depth > 0) return fc.array(element, { maxLength: 3 });
      return fc.oneof({ weight: 6, arbitrary: fc.array(element, { maxLength: 4 }) }, { weight: 1, arbitrary: fc.array(element, { minLength: 50, maxLength: 120 }) });
    }
    case 'map': {
      const value = field.mapKind === 'scalar' ? scalarArb(field.scalar) : field.mapKind === 'enum' ? enumArb(field.enum) : depth > 3 ? fc.constant(undefined) : messageInit(field.message, depth + 1);
      return fc.dictionary(fc.string({ maxLength: 8 }), value, { maxKeys: 3 }).map((entries) => Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined)));
    }
    default:
      return singleArb(field, depth);
  }
}

/** An init object for `create(desc, init)`: any field may be missing; one case (or none) per oneof. */
function messageInit(desc: DescMessage, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const parts: Record<string, fc.Arbitrary<unknown>> = {};
  for (const field of desc.fields) if (!field.oneof) parts[field.localName] = fieldArb(field, depth);
  // Plausible fields are mostly present: a request missing half its fields only tests validation.
  const likely = desc.fields.filter((f) => !f.oneof && plausible(f)).map((f) => f.localName);
  for (const oneof of desc.oneofs)
    parts[oneof.localName] = fc.oneof(
      fc.constant(undefined),
      ...oneof.fields.map((f) => singleArb(f, depth).map((value) => (value === undefined ? undefined : { case: f.localName, value }))),
    );
  return fc
    .tuple(fc.record(parts, { requiredKeys: [] }), fc.record(Object.fromEntries(likely.map((k) => [k, parts[k]!])), { requiredKeys: likely }), fc.boolean())
    .map(([sparse, full, complete]) => Object.fromEntries(Object.entries(complete ? { ...sparse, ...full } : sparse).filter(([, v]) => v !== undefined)));
}

/** Calls one method with a message built from `init`; the error code, or undefined on success. */
async function invoke(transport: ReturnType<typeof createGrpcTransport>, method: DescMethod, init: Record<string, unknown>): Promise<Code | undefined> {
  let message;
  try {
    message = create(method.input, init as never);
  } catch {
    return Code.InvalidArgument; // not representable on the wire (e.g. a NaN where the runtime refuses it): nothing was sent
  }
  return callAnyRpc(transport, method, message, 300);
}

/** Frame bodies: well-framed random payloads, lying length prefixes, compressed flags, truncation. */
function wireBody(): fc.Arbitrary<Buffer> {
  const frame = (flags: number, payload: Uint8Array, declared = payload.length) => {
    const head = Buffer.alloc(5);
    head.writeUInt8(flags, 0);
    head.writeUInt32BE(declared, 1);
    return Buffer.concat([head, Buffer.from(payload)]);
  };
  return fc.oneof(
    fc.uint8Array({ maxLength: 512 }).map((p) => frame(0, p)),
    fc.uint8Array({ maxLength: 64 }).map((p) => frame(1, p)),
    fc.tuple(fc.uint8Array({ maxLength: 64 }), fc.integer({ min: 65, max: 2 ** 31 })).map(([p, n]) => frame(0, p, n)),
    fc.uint8Array({ maxLength: 4 }).map((p) => Buffer.from(p)),
    fc.uint8Array({ minLength: 1, maxLength: 512 }).map((p) => Buffer.from(p)),
  );
}

function rawGrpc(session: http2.ClientHttp2Session, rpcPath: string, body: Buffer, token: string): Promise<{ grpcStatus: string | undefined; message: string | undefined }> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':method': 'POST', ':path': rpcPath, 'content-type': 'application/grpc', te: 'trailers', 'grpc-timeout': '2S', ...bearerHeader(token) });
    let headers: http2.IncomingHttpHeaders = {};
    stream.on('response', (h) => (headers = h));
    stream.on('trailers', (t) => resolve({ grpcStatus: (t['grpc-status'] as string | undefined) ?? undefined, message: t['grpc-message'] as string | undefined }));
    stream.on('data', () => undefined);
    stream.on('end', () => resolve({ grpcStatus: headers['grpc-status'] as string | undefined, message: headers['grpc-message'] as string | undefined }));
    stream.on('error', reject);
    stream.end(body);
  });
}

// ---- seed data -----------------------------------------------------------------------------------

/** A small hotel with rates and one reservation, so generated ids hit real rows. */
async function seedHotel(i: number): Promise<{ hotelId: string; roomTypeId: string; ratePlanId: string; reservationId: string }> {
  const { admin, rates, booking } = e2e.clients;
  const { hotel } = await call(admin, 'createHotel', {
    name: `Fuzz Hotel ${i}`, city: 'Fuzzville', countryCode: 'FR', latitude: 43.3, longitude: 5.37, timeZone: 'Europe/Paris', currencyCode: 'EUR',
  });
  const { roomType } = await call(admin, 'createRoomType', { hotelId: hotel.id, name: 'Double', maxGuests: 3 });
  await call(admin, 'setInventory', { hotelId: hotel.id, roomTypeId: roomType.id, from: day(1), to: day(40), totalRooms: 5, nightlyPriceMinor: '12000' });
  const { ratePlan } = await call(rates, 'createRatePlan', {
    hotelId: hotel.id, roomTypeId: roomType.id, name: 'Flexible', mealPlan: 'MEAL_PLAN_BREAKFAST',
    cancellationPolicy: { refundable: true, freeUntilHoursBeforeArrival: 48, penaltyKind: 'PENALTY_KIND_FIRST_NIGHT' }, taxes: { vatBasisPoints: 1000, cityTaxPerPersonNightMinor: '250' },
  });
  await call(rates, 'setRatePrices', { hotelId: hotel.id, ratePlanId: ratePlan.id, from: day(1), to: day(40), pricesByAdultsMinor: ['14000', '16500'], extraChildMinor: '3000' });
  const { reservation } = await call(booking, 'createReservation', {
    idempotencyKey: randomUUID(), hotelId: hotel.id, roomTypeId: roomType.id, checkIn: day(10), checkOut: day(12), guests: 2, guestName: 'Ada Lovelace', guestEmail: 'ada@example.com',
  });
  return { hotelId: hotel.id, roomTypeId: roomType.id, ratePlanId: ratePlan.id, reservationId: reservation.id };
}
