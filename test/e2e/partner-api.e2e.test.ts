/* eslint-disable @typescript-eslint/no-explicit-any -- grpc-js messages are loaded from the .proto files at run time: no static types, as for a partner */
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { createClient } from '@connectrpc/connect';
import { createConnectTransport, createGrpcWebTransport } from '@connectrpc/connect-node';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { BadRequestSchema } from '../../src/gen/google/rpc/error_details_pb.js';
import { AriErrorReason, BookingRevisionKind, PartnerService } from '../../src/gen/hotel/v1/partner_service_pb.js';
import { SearchService } from '../../src/gen/hotel/v1/search_service_pb.js';
import { bearer } from '../support/auth.js';
import { call, callError, type GrpcClient } from '../support/grpc-client.js';
import { detailOf, statusDetails } from '../support/grpc-status.js';
import { day, useTestServer } from '../support/e2e.js';

// The channel-partner API through the real server and Postgres: grpc-js (dynamic proto loading),
// Connect JSON over HTTP/1.1 and gRPC-Web.

const e2e = useTestServer({ broker: 'in-process' });

async function hotelWithRooms(roomTypes = 2) {
  const { hotel } = await call(e2e.clients.admin, 'createHotel', {
    name: 'Partner Hotel',
    city: `Partner ${randomUUID().slice(0, 6)}`,
    countryCode: 'PT',
    latitude: 38.72,
    longitude: -9.14,
    timeZone: 'UTC',
    currencyCode: 'EUR',
  });
  const rooms: { id: string; planId: string }[] = [];
  for (let i = 0; i < roomTypes; i++) {
    const { roomType } = await call(e2e.clients.admin, 'createRoomType', { hotelId: hotel.id, name: `Room ${i}`, maxGuests: 3 });
    const { ratePlan } = await call(e2e.clients.rates, 'createRatePlan', {
      hotelId: hotel.id,
      roomTypeId: roomType.id,
      name: 'Flex',
      mealPlan: 'MEAL_PLAN_ROOM_ONLY',
      cancellationPolicy: { refundable: true, freeUntilHoursBeforeArrival: 24, penaltyKind: 'PENALTY_KIND_FIRST_NIGHT' },
    });
    rooms.push({ id: roomType.id, planId: ratePlan.id });
  }
  return { hotelId: hotel.id as string, rooms };
}

const fullUpdate = (hotelId: string, room: { id: string; planId: string }, from: number, to: number) => ({
  hotelId,
  roomTypeId: room.id,
  ratePlanId: room.planId,
  from: day(from),
  to: day(to),
  totalRooms: 4,
  standardPriceMinor: '15000',
  prices: { pricesByAdultsMinor: ['12000', '14000'], extraChildMinor: '2000' },
  minStay: 1,
});

const booking = (hotelId: string, roomTypeId: string, checkIn: number, checkOut: number) => ({
  idempotencyKey: randomUUID(),
  hotelId,
  roomTypeId,
  checkIn: day(checkIn),
  checkOut: day(checkOut),
  guests: 2,
  guestName: 'Grace Hopper',
  guestEmail: 'grace@example.com',
});

/** Lists a hotel's unacknowledged revisions until there are `count` (the feed is fed asynchronously from the outbox). */
async function revisionsOf(hotelId: string, count: number): Promise<any[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { revisions } = await call(e2e.clients.partner, 'listBookingRevisions', { hotelIds: [hotelId], pageSize: 500 });
    if (revisions.length >= count) return revisions;
    if (Date.now() > deadline) throw new Error(`only ${revisions.length} of ${count} revisions after 10 s`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Reads a grpc-js server stream until `count` messages, then cancels it (the client disconnects). */
function readStream(client: GrpcClient, request: object, count: number, onMessage: (n: number) => Promise<void> | void = () => {}): Promise<any[]> {
  return new Promise((resolve, reject) => {
    const received: any[] = [];
    const stream = (client as any).streamBookingRevisions(request) as grpc.ClientReadableStream<any>;
    stream.on('data', (message) => {
      received.push(message.revision);
      void Promise.resolve(onMessage(received.length)).catch(reject);
      if (received.length === count) {
        stream.cancel();
        resolve(received);
      }
    });
    stream.on('error', (error: grpc.ServiceError) => {
      if (error.code !== grpc.status.CANCELLED) reject(error);
    });
  });
}

describe('PartnerService over gRPC (grpc-js)', () => {
  it('pushes ARI in bulk with per-update results and reads it back through the rate calendar', async () => {
    const { hotelId, rooms } = await hotelWithRooms();
    const pushed = await call(e2e.clients.partner, 'pushAri', {
      updates: [
        fullUpdate(hotelId, rooms[0]!, 10, 40),
        fullUpdate(hotelId, rooms[1]!, 10, 40),
        { hotelId, roomTypeId: rooms[0]!.id, from: day(10), to: day(40), weekdays: ['WEEKDAY_SATURDAY', 'WEEKDAY_SUNDAY'], stopSell: true },
        { hotelId, roomTypeId: rooms[1]!.id, from: day(-3), to: day(5), totalRooms: 9 },
        { hotelId, roomTypeId: rooms[1]!.id, from: day(12), to: day(14), minStay: 4, maxStay: 2 },
        { hotelId, roomTypeId: 'nope', from: day(12), to: day(14), totalRooms: 1 },
      ],
    });
    expect(pushed.applied).toBe(3);
    expect(pushed.refused).toBe(3);
    expect(pushed.results.map((r: any) => (r.applied ? 'ok' : r.error.reason))).toEqual([
      'ok',
      'ok',
      'ok',
      'ARI_ERROR_REASON_PAST_DATES',
      'ARI_ERROR_REASON_MAX_STAY_BELOW_MIN_STAY',
      'ARI_ERROR_REASON_UNKNOWN_ROOM_TYPE',
    ]);

    const calendar = await call(e2e.clients.search, 'getRateCalendar', { hotelId, from: day(10), to: day(40) });
    expect(calendar.currencyCode).toBe('EUR');
    const first = calendar.roomTypes.find((rt: any) => rt.roomTypeId === rooms[0]!.id);
    expect(first.nights).toHaveLength(30);
    for (const night of first.nights) {
      const weekend = [0, 6].includes(new Date(`${night.date}T00:00:00Z`).getUTCDay());
      expect([night.totalRooms, night.available, night.stopSell, night.standardPrice.amountMinor, night.lowestPrice.amountMinor, night.minStay]).toEqual([
        4,
        weekend ? 0 : 4,
        weekend,
        '15000',
        '12000',
        1,
      ]);
    }
    expect(first.ratePlans[0].nights[0]).toMatchObject({ pricesByAdultsMinor: ['12000', '14000'], extraChildMinor: '2000', lowestPriceMinor: '12000' });
  });

  it('refuses a malformed push as a whole with field violations', async () => {
    const empty = await callError(e2e.clients.partner, 'pushAri', { updates: [] });
    expect(empty.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(detailOf(statusDetails(empty.metadata), BadRequestSchema)?.fieldViolations.map((v) => v.field)).toEqual(['updates']);
    const badDate = await callError(e2e.clients.partner, 'pushAri', { updates: [{ hotelId: 'h', roomTypeId: 'r', from: 'tomorrow', to: day(3), totalRooms: 1 }] });
    expect(detailOf(statusDetails(badDate.metadata), BadRequestSchema)?.fieldViolations.map((v) => v.field)).toEqual(['updates[0].from']);
    const calendar = await callError(e2e.clients.search, 'getRateCalendar', { hotelId: 'no-such-hotel', from: day(1), to: day(3) });
    expect(calendar.code).toBe(grpc.status.NOT_FOUND);
  });

  it('feeds every create, modify, cancel and no-show as numbered revisions; acknowledged ones leave the list; pages with tokens', async () => {
    const { hotelId, rooms } = await hotelWithRooms(1);
    const other = await hotelWithRooms(1);
    await call(e2e.clients.partner, 'pushAri', { updates: [fullUpdate(hotelId, rooms[0]!, 0, 60), fullUpdate(other.hotelId, other.rooms[0]!, 0, 60)] });
    const { reservation } = await call(e2e.clients.booking, 'createReservation', booking(hotelId, rooms[0]!.id, 20, 22));
    await call(e2e.clients.booking, 'modifyReservation', { reservationId: reservation.id, checkOut: day(23) });
    await call(e2e.clients.booking, 'cancelReservation', { reservationId: reservation.id });
    const { reservation: tonight } = await call(e2e.clients.booking, 'createReservation', booking(hotelId, rooms[0]!.id, 0, 1));
    await call(e2e.clients.admin, 'markNoShow', { reservationId: tonight.id });
    await call(e2e.clients.booking, 'createReservation', booking(other.hotelId, other.rooms[0]!.id, 20, 21));

    const revisions = await revisionsOf(hotelId, 5);
    expect(revisions.map((r) => [r.sequence, r.kind, r.reservation.status])).toEqual([
      ['1', 'BOOKING_REVISION_KIND_CREATED', 'RESERVATION_STATUS_CONFIRMED'],
      ['2', 'BOOKING_REVISION_KIND_MODIFIED', 'RESERVATION_STATUS_CONFIRMED'],
      ['3', 'BOOKING_REVISION_KIND_CANCELLED', 'RESERVATION_STATUS_CANCELLED'],
      ['4', 'BOOKING_REVISION_KIND_CREATED', 'RESERVATION_STATUS_CONFIRMED'],
      ['5', 'BOOKING_REVISION_KIND_NO_SHOW', 'RESERVATION_STATUS_NO_SHOW'],
    ]);
    expect(revisions.every((r) => r.hotelId === hotelId)).toBe(true);
    expect([revisions[0].reservation.checkOut, revisions[1].reservation.checkOut]).toEqual([day(22), day(23)]);
    expect(revisions[0].reservation).toMatchObject({ id: reservation.id, guestName: 'Grace Hopper', roomTypeId: rooms[0]!.id });

    // Pages of one, across both hotels (sorted by id), each hotel's revisions in order.
    const seen: string[] = [];
    let pageToken = '';
    do {
      const page = await call(e2e.clients.partner, 'listBookingRevisions', { hotelIds: [hotelId, other.hotelId], pageSize: 1, pageToken });
      seen.push(...page.revisions.map((r: any) => `${r.hotelId}#${r.sequence}`));
      pageToken = page.nextPageToken;
    } while (pageToken !== '');
    const expected = [...[1, 2, 3, 4, 5].map((n) => `${hotelId}#${n}`), `${other.hotelId}#1`].sort((a, b) => a.split('#')[0]!.localeCompare(b.split('#')[0]!));
    expect(seen).toEqual(expected);

    const acked = await call(e2e.clients.partner, 'ackBookingRevisions', {
      revisions: [1, 2, 3].map((sequence) => ({ hotelId, sequence })).concat([{ hotelId, sequence: 99 }]),
    });
    expect([acked.acknowledged, acked.unchanged]).toEqual([3, 1]);
    const left = await call(e2e.clients.partner, 'listBookingRevisions', { hotelIds: [hotelId] });
    expect(left.revisions.map((r: any) => r.sequence)).toEqual(['4', '5']);
    const tampered = await callError(e2e.clients.partner, 'listBookingRevisions', { hotelIds: [other.hotelId], pageToken: 'bm90IGEgdG9rZW4' });
    expect(tampered.code).toBe(grpc.status.INVALID_ARGUMENT);
  });

  it('streams revisions live; a client that disconnects mid-stream and resumes from its last sequence gets each exactly once, in order', async () => {
    const { hotelId, rooms } = await hotelWithRooms(1);
    await call(e2e.clients.partner, 'pushAri', { updates: [fullUpdate(hotelId, rooms[0]!, 0, 60)] });
    for (const n of [0, 1, 2]) await call(e2e.clients.booking, 'createReservation', booking(hotelId, rooms[0]!.id, 10 + n, 11 + n));

    // First connection: the 3 already recorded (replayed), then 2 live ones booked while it listens;
    // it disconnects after the 4th, mid-stream.
    let booked = 3;
    let liveBookings: Promise<unknown> = Promise.resolve();
    const firstRun = await readStream(e2e.clients.partner, { hotelId, afterSequence: 0 }, 4, (received) => {
      if (received === 3) {
        liveBookings = (async () => {
          for (const n of [3, 4]) await call(e2e.clients.booking, 'createReservation', booking(hotelId, rooms[0]!.id, 10 + n, 11 + n));
        })();
        booked += 2;
      }
    });
    await liveBookings;
    expect(firstRun.map((r) => r.sequence)).toEqual(['1', '2', '3', '4']);

    // Revisions recorded while disconnected, then more once reconnected.
    await call(e2e.clients.booking, 'createReservation', booking(hotelId, rooms[0]!.id, 30, 31));
    booked++;
    const last = firstRun.at(-1).sequence;
    // Expect what was missed plus one more booked once the second connection delivers its first revision.
    const secondRun = await readStream(e2e.clients.partner, { hotelId, afterSequence: last }, booked - Number(last) + 1, (received) => {
      if (received === 1) liveBookings = call(e2e.clients.booking, 'createReservation', booking(hotelId, rooms[0]!.id, 31, 32));
    });
    await liveBookings;
    booked++;
    const all = [...firstRun, ...secondRun].map((r) => Number(r.sequence));
    expect(all).toEqual(Array.from({ length: booked }, (_, i) => i + 1));
    expect(new Set([...firstRun, ...secondRun].map((r) => r.reservation.id)).size).toBe(booked);
  });

  it('cancels the database work when the client deadline passes: nothing of the push is applied', async () => {
    const { hotelId, rooms } = await hotelWithRooms(2);
    await call(e2e.clients.partner, 'pushAri', { updates: [fullUpdate(hotelId, rooms[0]!, 5, 10), fullUpdate(hotelId, rooms[1]!, 5, 10)] });
    const db = new pg.Client({ connectionString: e2e.server.databaseUrl });
    await db.connect();
    try {
      // Another transaction holds one night of the second room type: the push's statement must wait for it.
      await db.query('begin');
      await db.query('select 1 from inventory where hotel_id = $1 and room_type_id = $2 and night = $3 for update', [hotelId, rooms[1]!.id, day(7)]);
      const push = await new Promise<grpc.ServiceError | null>((resolve) => {
        e2e.clients.partner['pushAri']!.call(
          e2e.clients.partner,
          { updates: [{ hotelId, roomTypeId: rooms[0]!.id, from: day(5), to: day(10), totalRooms: 1 }, { hotelId, roomTypeId: rooms[1]!.id, from: day(5), to: day(10), totalRooms: 2 }] },
          // grpc-js forwards the deadline in the grpc-timeout header.
          ...([{ deadline: Date.now() + 700 }, (error: grpc.ServiceError | null) => resolve(error)] as unknown as [never]),
        );
      });
      expect(push?.code).toBe(grpc.status.DEADLINE_EXCEEDED);
      // The server's statement is cancelled by Postgres: it stops waiting for our lock while we still hold it.
      const deadline = Date.now() + 10_000;
      for (;;) {
        const { rows } = await db.query(
          `select count(*)::int as n from pg_stat_activity where datname = current_database() and pg_backend_pid() = any(pg_blocking_pids(pid))`,
        );
        if (rows[0].n === 0) break;
        if (Date.now() > deadline) {
          const { rows: running } = await db.query(
            `select pid, state, wait_event_type, wait_event, clock_timestamp() - query_start as running_for, left(query, 60) as query from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
          );
          throw new Error(`the push still waits for the lock after its deadline: ${JSON.stringify(running)}`);
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
      await db.query('commit');
    } finally {
      await db.end();
    }
    // Had the statement not been cancelled, our commit would have let it finish and write its totals.
    const calendar = await call(e2e.clients.search, 'getRateCalendar', { hotelId, from: day(5), to: day(10) });
    expect(calendar.roomTypes.flatMap((rt: any) => rt.nights.map((n: any) => n.totalRooms))).toEqual(Array(10).fill(4));
  });
});

describe('PartnerService over Connect JSON (HTTP/1.1) and gRPC-Web', () => {
  it('serves every new RPC to both', async () => {
    const { hotelId, rooms } = await hotelWithRooms(1);
    for (const transport of [
      createConnectTransport({ baseUrl: e2e.server.url, httpVersion: '1.1', useBinaryFormat: false, interceptors: [bearer(e2e.server.operatorToken)] }),
      createGrpcWebTransport({ baseUrl: e2e.server.url, httpVersion: '1.1', interceptors: [bearer(e2e.server.operatorToken)] }),
    ]) {
      const partner = createClient(PartnerService, transport);
      const search = createClient(SearchService, transport);
      const pushed = await partner.pushAri({
        updates: [
          { hotelId, roomTypeId: rooms[0]!.id, from: day(1), to: day(8), totalRooms: 2, standardPriceMinor: 9_900n },
          { hotelId, roomTypeId: rooms[0]!.id, from: day(1), to: day(8), standardPriceMinor: 0n },
        ],
      });
      expect(pushed.results.map((r) => r.error?.reason ?? 'applied')).toEqual(['applied', AriErrorReason.INVALID_PRICE]);
      const calendar = await search.getRateCalendar({ hotelId, from: day(1), to: day(8) });
      expect(calendar.roomTypes[0]?.nights.map((n) => n.standardPrice?.amountMinor)).toEqual(Array(7).fill(9_900n));

      await call(e2e.clients.booking, 'createReservation', booking(hotelId, rooms[0]!.id, 2, 3));
      const list = await revisionsOf(hotelId, 1);
      const page = await partner.listBookingRevisions({ hotelIds: [hotelId], pageSize: 10 });
      expect(page.revisions.length).toBe(list.length);
      expect(page.revisions[0]?.kind).toBe(BookingRevisionKind.CREATED);
      const controller = new AbortController();
      const streamed: bigint[] = [];
      try {
        const resumeAfter = (page.revisions[0]?.sequence ?? 1n) - 1n;
      for await (const message of partner.streamBookingRevisions({ hotelId, afterSequence: resumeAfter }, { signal: controller.signal })) {
          streamed.push(message.revision!.sequence);
          if (streamed.length === page.revisions.length) controller.abort();
        }
      } catch (error) {
        if (!controller.signal.aborted) throw error;
      }
      expect(streamed).toEqual(page.revisions.map((r) => r.sequence));
      const acked = await partner.ackBookingRevisions({ revisions: page.revisions.map((r) => ({ hotelId, sequence: r.sequence })) });
      expect(acked.acknowledged).toBe(page.revisions.length);
    }
  });
});
