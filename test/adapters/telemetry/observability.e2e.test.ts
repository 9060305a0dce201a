import { randomUUID } from 'node:crypto';
import { SpanKind } from '@opentelemetry/api';
import { connect } from 'amqplib';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { consumerTopology } from '../../../src/adapters/messaging/rabbitmq-topology.js';
import { call, callError, grpcClients } from '../../support/grpc-client.js';
import { RABBITMQ_URL } from '../../support/rabbitmq.js';
import { find, parseSamples } from './prometheus-text.js';
import { startTelemetryApp, type TelemetryApp } from './telemetry-app.js';

// The whole app with tracing, metrics and logs as src/main.ts sets them up, RabbitMQ as the broker:
// one booking must read as one trace API -> database -> outbox relay -> broker -> consumer -> database.

let t: TelemetryApp;
let clients: ReturnType<typeof grpcClients>;

beforeAll(async () => {
  t = await startTelemetryApp();
  clients = grpcClients(t.app.url, t.token);
}, 60_000);

afterAll(async () => {
  clients?.close();
  await t?.stop();
});

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const GUEST = { guestName: 'Ottoline Quuxworth', guestEmail: 'ottoline.quux@example.org' };

async function hotelWithRooms(totalRooms: number) {
  const { hotel } = await call(clients.admin, 'createHotel', {
    name: 'Trace Hotel',
    city: `City ${randomUUID().slice(0, 8)}`,
    countryCode: 'FR',
    latitude: 48.85,
    longitude: 2.35,
    timeZone: 'Europe/Paris',
    currencyCode: 'EUR',
    amenities: [],
  });
  const { roomType } = await call(clients.admin, 'createRoomType', { hotelId: hotel.id, name: 'Double', maxGuests: 2, amenities: [] });
  await call(clients.admin, 'setInventory', { hotelId: hotel.id, roomTypeId: roomType.id, from: day(30), to: day(40), totalRooms, nightlyPriceMinor: '9900' });
  return { hotelId: hotel.id as string, roomTypeId: roomType.id as string };
}

const booking = (hotelId: string, roomTypeId: string) => ({
  idempotencyKey: randomUUID(),
  hotelId,
  roomTypeId,
  checkIn: day(31),
  checkOut: day(33),
  guests: 2,
  ...GUEST,
});

const id = (s: ReadableSpan) => s.spanContext().spanId;

/** The one span of the trace with this name whose parent is `parent`. */
function child(spans: readonly ReadableSpan[], parent: ReadableSpan, name: string): ReadableSpan {
  const found = spans.filter((s) => s.name === name && s.parentSpanContext?.spanId === id(parent));
  expect(found.map((s) => s.name), `one "${name}" under "${parent.name}"; the trace has: ${spans.map((s) => s.name).join(', ')}`).toEqual([name]);
  return found[0]!;
}

/** True if `ancestor` is on the parent chain of `span`. */
function descendsFrom(spans: readonly ReadableSpan[], span: ReadableSpan, ancestor: ReadableSpan): boolean {
  for (let s: ReadableSpan | undefined = span; s; s = spans.find((p) => id(p) === s!.parentSpanContext?.spanId)) if (id(s) === id(ancestor)) return true;
  return false;
}

let booked: { reservationId: string; traceId: string } | undefined;

describe('one booking', () => {
  it('is one trace: RPC -> unit of work -> queries -> outbox relay -> publish -> consume -> consumer query and email send', async () => {
    const { hotelId, roomTypeId } = await hotelWithRooms(1);
    const { reservation } = await call(clients.booking, 'createReservation', booking(hotelId, roomTypeId));
    const queue = consumerTopology(t.names.queuePrefix, 'guest-notifications').queue;

    const server = t.spans.getFinishedSpans().find((s) => s.name === 'hotel.v1.BookingService/CreateReservation' && s.kind === SpanKind.SERVER);
    expect(server).toBeDefined();
    const traceId = server!.spanContext().traceId;
    booked = { reservationId: reservation.id as string, traceId };
    const inTrace = () => t.spans.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    // The consumer runs after the RPC returned: wait until its span has ended.
    await vi.waitFor(() => expect(inTrace().some((s) => s.name === `${queue} process`)).toBe(true), { timeout: 15_000, interval: 25 });
    const spans = inTrace();

    expect(server!.parentSpanContext).toBeUndefined();
    expect(server!.attributes).toMatchObject({ 'rpc.system': 'grpc', 'rpc.service': 'hotel.v1.BookingService', 'rpc.method': 'CreateReservation', 'rpc.grpc.status_code': 0 });
    const uow = child(spans, server!, 'unit of work');
    expect(uow.attributes['hotel.outcome']).toBe('committed');
    const insertReservation = child(spans, uow, 'INSERT reservations');
    expect(insertReservation.kind).toBe(SpanKind.CLIENT);
    expect(insertReservation.attributes['db.system.name']).toBe('postgresql');
    // The outbox row is written by that same statement (reservation, revisions and outbox in one
    // round trip); the relay span below, a child of this unit of work, shows it kept the trace.
    const relay = child(spans, uow, 'outbox relay');
    expect(relay.links.length).toBe(0); // the relay loop itself is not traced (its polls would be noise)
    const publish = child(spans, relay, `${t.names.exchange} publish`);
    expect(publish.kind).toBe(SpanKind.PRODUCER);
    expect(publish.attributes['messaging.rabbitmq.destination.routing_key']).toBe('reservation.confirmed');
    const consume = child(spans, publish, `${queue} process`);
    expect(consume.kind).toBe(SpanKind.CONSUMER);
    expect(consume.attributes['messaging.message.id']).toBe(publish.attributes['messaging.message.id']);
    const recorded = spans.filter((s) => s.parentSpanContext?.spanId === id(consume) && s.name.startsWith('INSERT notifications'));
    expect(recorded.length).toBe(1);
    // ... and the guest email: its consumer span under the same publish, the send span under that.
    const emailQueue = consumerTopology(t.names.queuePrefix, 'guest-email').queue;
    await vi.waitFor(() => expect(inTrace().some((s) => s.name === `${emailQueue} process`)).toBe(true), { timeout: 15_000, interval: 25 });
    const all = inTrace();
    const emailConsume = child(all, publish, `${emailQueue} process`);
    const sends = all.filter((s) => s.name === 'email send' && descendsFrom(all, s, emailConsume));
    expect(sends).toHaveLength(1);
    expect(sends[0]!.kind).toBe(SpanKind.CLIENT);
    expect(sends[0]!.attributes['hotel.event_id']).toBe(publish.attributes['messaging.message.id']);
    // Children end before their parents (nothing is left dangling or ended early).
    for (const [parent, c] of [[server!, uow], [uow, insertReservation], [publish, consume]] as const) {
      expect(c.startTime[0] * 1e9 + c.startTime[1]).toBeGreaterThanOrEqual(parent.startTime[0] * 1e9 + parent.startTime[1]);
    }
  });

  it('leaves no personal data in spans', () => {
    const everything = JSON.stringify(t.spans.getFinishedSpans().map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, status: s.status })));
    expect(everything).not.toContain(GUEST.guestName);
    expect(everything).not.toContain(GUEST.guestEmail);
  });

  it('logs one JSON line per RPC with its trace id, and no personal data anywhere', () => {
    expect(booked).toBeDefined();
    const lines = t.logs.filter((l) => l['msg'] === 'rpc' && l['rpc_method'] === 'CreateReservation');
    const line = lines.find((l) => l['trace_id'] === booked!.traceId);
    expect(line).toMatchObject({ rpc_service: 'hotel.v1.BookingService', code: 'OK', protocol: 'grpc', service: 'hotel-test', level: 30 });
    expect(typeof line!['duration_ms']).toBe('number');
    expect(line!['span_id']).toMatch(/^[0-9a-f]{16}$/);
    const rpcLines = t.logs.filter((l) => l['msg'] === 'rpc');
    const serverSpans = t.spans.getFinishedSpans().filter((s) => s.kind === SpanKind.SERVER);
    expect(rpcLines.length).toBe(serverSpans.length);
    const all = t.rawLogs.join('');
    expect(all).not.toContain(GUEST.guestName);
    expect(all).not.toContain(GUEST.guestEmail);
  });
});

describe('the metrics endpoint', () => {
  it('counts RPCs, bookings, rejections by reason, and reports outbox lag, queues and database pools', async () => {
    const { hotelId, roomTypeId } = await hotelWithRooms(1);
    await call(clients.booking, 'createReservation', booking(hotelId, roomTypeId));
    const soldOut = await callError(clients.booking, 'createReservation', booking(hotelId, roomTypeId));
    expect(soldOut.code).toBe(9); // FAILED_PRECONDITION
    await callError(clients.booking, 'getReservation', { reservationId: 'no-such-reservation' });

    const response = await fetch(`${t.app.opsUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const samples = parseSamples(await response.text());

    const created = { service: 'hotel.v1.BookingService', method: 'CreateReservation' };
    expect(find(samples, 'hotel_rpc_server_duration_seconds_count', { ...created, code: 'OK' })[0]?.value).toBeGreaterThanOrEqual(2);
    expect(find(samples, 'hotel_rpc_server_duration_seconds_count', { ...created, code: 'FAILED_PRECONDITION' })[0]?.value).toBe(1);
    expect(find(samples, 'hotel_rpc_server_duration_seconds_bucket', { ...created, code: 'OK', le: '+Inf' })[0]?.value).toBeGreaterThanOrEqual(2);
    expect(find(samples, 'hotel_rpc_rejections_total', { ...created, code: 'FAILED_PRECONDITION', reason: 'NO_AVAILABILITY' })[0]?.value).toBe(1);
    expect(find(samples, 'hotel_rpc_rejections_total', { method: 'GetReservation', code: 'NOT_FOUND' }).length).toBe(1);
    expect(find(samples, 'hotel_bookings_total', { outcome: 'confirmed' })[0]?.value).toBeGreaterThanOrEqual(2);
    expect(find(samples, 'hotel_bookings_total', { outcome: 'rejected', reason: 'NO_AVAILABILITY' })[0]?.value).toBe(1);

    expect(find(samples, 'hotel_outbox_lag_seconds', { shard: 'all' }).length).toBe(1);
    const queue = consumerTopology(t.names.queuePrefix, 'guest-notifications');
    expect(find(samples, 'hotel_queue_messages', { queue: queue.queue, kind: 'work' }).length).toBe(1);
    expect(find(samples, 'hotel_queue_messages', { queue: queue.deadLetterQueue, kind: 'dead_letter' })[0]?.value).toBe(0);
    expect(find(samples, 'hotel_queue_consumers', { queue: queue.queue })[0]?.value).toBe(1);
    const pools = find(samples, 'hotel_db_up');
    expect(pools.length).toBeGreaterThanOrEqual(1);
    expect(pools.every((s) => s.value === 1)).toBe(true);
    expect(find(samples, 'hotel_db_pool_max_connections', { pool: pools[0]!.labels['pool']! })[0]?.value).toBe(10);
    expect(find(samples, 'hotel_db_pool_connections', { pool: pools[0]!.labels['pool']!, state: 'idle' }).length).toBe(1);
    expect(find(samples, 'process_cpu_seconds_total').length).toBe(1);

    // The emails of these bookings are counted by channel once sent (a moment after the RPC returned).
    await vi.waitFor(
      async () => {
        const now = parseSamples(await (await fetch(`${t.app.opsUrl}/metrics`)).text());
        expect(find(now, 'hotel_notifications_total', { channel: 'email', outcome: 'sent' })[0]?.value).toBeGreaterThanOrEqual(2);
      },
      { timeout: 15_000, interval: 50 },
    );
  });
});

describe('the dead-letter gauge', () => {
  it('counts a message the consumer had to dead-letter, as the broker reports it', async () => {
    const queue = consumerTopology(t.names.queuePrefix, 'guest-notifications');
    const model = await connect(RABBITMQ_URL);
    try {
      const channel = await model.createConfirmChannel();
      channel.sendToQueue(queue.queue, Buffer.from('not an event'), { persistent: true });
      await channel.waitForConfirms();
    } finally {
      await model.close();
    }
    // A malformed message cannot be retried into shape: the consumer rejects it into the DLQ.
    await vi.waitFor(
      async () => {
        const samples = parseSamples(await (await fetch(`${t.app.opsUrl}/metrics`)).text());
        expect(find(samples, 'hotel_queue_messages', { queue: queue.deadLetterQueue, kind: 'dead_letter' })[0]?.value).toBe(1);
      },
      { timeout: 10_000, interval: 50 },
    );
  });
});

describe('the probes', () => {
  it('answer live and ready while the database is up', async () => {
    expect((await fetch(`${t.app.opsUrl}/livez`)).status).toBe(200);
    const ready = await fetch(`${t.app.opsUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, draining: false, checks: { database: true, broker: true } });
  });
});
