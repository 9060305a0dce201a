import { STAFF } from '../../../support/builders.js';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AesGcmPiiProtector, type PiiKeyRing } from '../../../../src/adapters/crypto/aes-gcm-pii-protector.js';
import { resealGuestPii, type RotationProgress } from '../../../../src/adapters/postgres/pii-rotation.js';
import { createShardedPostgres } from '../../../../src/adapters/postgres/sharding/create-sharded-postgres.js';
import { HmacPageTokens } from '../../../../src/adapters/system/hmac-page-tokens.js';
import { randomIdGenerator } from '../../../../src/adapters/system/random-id-generator.js';
import { BookRoom } from '../../../../src/core/booking/book-room.js';
import { CancelReservation } from '../../../../src/core/booking/cancel-reservation.js';
import { GetReservation } from '../../../../src/core/booking/get-reservation.js';
import { ListMyReservations } from '../../../../src/core/booking/list-my-reservations.js';
import type { DomainEvent, ReservationSnapshot } from '../../../../src/core/events/domain-event.js';
import { RecordBookingRevision } from '../../../../src/core/partner/booking-feed.js';
import { ok } from '../../../../src/core/shared/result.js';
import { InProcessRevisionWakeups } from '../../../../src/adapters/notify/in-process-revision-wakeups.js';
import type { GuestReservationReader } from '../../../../src/ports/guest-reservations.js';
import type { UnitOfWork } from '../../../../src/ports/unit-of-work.js';
import { aBooking } from '../../../support/builders.js';
import { FakeClock } from '../../../support/clock.js';
import { randomKey } from '../../../support/pii.js';
import { shardedTestDatabases, type ShardedTestDatabases } from '../../../support/sharded-postgres.js';
import { NOW, seedHotel, type SeededHotel } from './sharding-fixtures.js';

/**
 * Guest PII at rest, through the real stores on two shards: what the tables hold (read with plain
 * SQL), what the guest listing finds, and key rotation with the rotation command's function.
 */
describe('guest personal data at rest (sharded Postgres)', () => {
  const keyA = randomKey();
  const keyB = randomKey();
  const indexKey = randomKey();
  const ringA: PiiKeyRing = { keys: new Map([['keyA', keyA]]), activeKeyId: 'keyA', indexKey };
  const ringAB: PiiKeyRing = { keys: new Map([['keyA', keyA], ['keyB', keyB]]), activeKeyId: 'keyB', indexKey };
  const ringB: PiiKeyRing = { keys: new Map([['keyB', keyB]]), activeKeyId: 'keyB', indexKey };
  const piiA = new AesGcmPiiProtector(ringA);
  const clock = new FakeClock(NOW);
  const pageTokens = new HmacPageTokens();
  let sdb: ShardedTestDatabases;
  let hotels: SeededHotel[];
  const guest = { name: `Zelda Quimby-${randomUUID().slice(0, 8)}`, email: `zelda.${randomUUID().slice(0, 8)}@example.com` };
  const booked: string[] = [];

  beforeAll(async () => {
    sdb = await shardedTestDatabases(2, { adapter: { pii: piiA } });
    // Outbox ids from 7 up, so they cross from one digit to two while the rotation pages through them.
    for (const client of sdb.clients) await client.query(`select setval(pg_get_serial_sequence('outbox', 'id'), 6)`);
    hotels = [];
    for (const shard of [0, 1]) hotels.push(await seedHotel(sdb.postgres.uow, sdb.hotelIdOn(shard), { rooms: 50 }));
    const book = new BookRoom({ uow: sdb.postgres.uow, clock, ids: randomIdGenerator });
    for (let i = 0; i < 6; i++) {
      clock.set(new Date(NOW.getTime() + i * 1_000));
      const done = await book.execute(aBooking(hotels[i % 2]!.hotelId, hotels[i % 2]!.roomTypeId, { idempotencyKey: `pii-${randomUUID()}`, guestName: guest.name, guestEmail: guest.email }));
      if (!done.ok) throw new Error(JSON.stringify(done.error));
      booked.push(done.value.reservation.id);
    }
    // One cancellation: the update path (ORM) writes the row again, and a second outbox event.
    const cancelled = await new CancelReservation({ uow: sdb.postgres.uow, clock, ids: randomIdGenerator }).execute(booked[1]!, STAFF);
    if (!cancelled.ok) throw new Error(JSON.stringify(cancelled.error));
  });
  afterAll(async () => {
    await sdb?.dispose();
  });

  const SEALED = ['reservations', 'outbox', 'booking_revisions', 'notifications', 'notification_deliveries', 'accounts', 'webhook_endpoints'] as const;
  /** Every row of `table` on both shards, each as its JSON text. */
  async function rawRows(table: (typeof SEALED)[number]): Promise<string[]> {
    const rows = await Promise.all(sdb.clients.map(async (c) => (await c.query<{ row: string }>(`select row_to_json(t)::text as row from ${table} t`)).rows.map((r) => r.row)));
    return rows.flat();
  }
  const plaintextIn = (rows: readonly string[]): string[] => {
    const needles = [guest.name, guest.email, 'Zelda', 'Quimby', guest.email.split('@')[0]!].map((n) => n.toLowerCase());
    return rows.filter((row) => needles.some((n) => row.toLowerCase().includes(n)));
  };
  const listing = (reader: GuestReservationReader) => new ListMyReservations({ reservations: reader, pageTokens });
  async function listAll(reader: GuestReservationReader, email: string): Promise<{ id: string; name: string; email: string }[]> {
    const out: { id: string; name: string; email: string }[] = [];
    let pageToken = '';
    for (;;) {
      const page = await listing(reader).execute({ guestEmail: email, pageSize: 4, pageToken });
      if (!page.ok) throw new Error(JSON.stringify(page.error));
      out.push(...page.value.reservations.map((r) => ({ id: r.id, name: r.guest.name, email: r.guest.email })));
      if (page.value.nextPageToken === '') return out;
      pageToken = page.value.nextPageToken;
    }
  }
  async function sealedColumns(): Promise<{ guest_name: string; guest_email: string; guest_email_index: string | null }[]> {
    const rows = await Promise.all(sdb.clients.map(async (c) => (await c.query('select guest_name, guest_email, guest_email_index from reservations')).rows));
    return rows.flat();
  }

  it('stores no plaintext name or email anywhere in a reservation or outbox row, on either shard', async () => {
    const reservations = await rawRows('reservations');
    expect(reservations.length).toBe(6);
    for (const client of sdb.clients) expect((await client.query('select count(*)::int as n from reservations')).rows[0].n).toBe(3);
    expect(plaintextIn(reservations)).toEqual([]);
    const outbox = await rawRows('outbox');
    expect(outbox.filter((r) => r.includes('"guestEmail"')).length).toBe(7); // 6 confirmed + 1 cancelled
    expect(plaintextIn(outbox)).toEqual([]);
    for (const row of await sealedColumns()) {
      expect(row.guest_name).toMatch(/^pii1\.keyA\./);
      expect(row.guest_email).toMatch(/^pii1\.keyA\./);
      expect(row.guest_email_index).toBe(piiA.emailIndex(guest.email));
    }
  });

  it('finds the guest across both shards by email (any case), and reads names and emails back', async () => {
    const found = await listAll(sdb.postgres.guestReservations, guest.email.toUpperCase());
    expect(found.map((r) => r.id)).toEqual(booked);
    expect(new Set(found.map((r) => `${r.name}|${r.email}`))).toEqual(new Set([`${guest.name}|${guest.email}`]));
    expect(await listAll(sdb.postgres.guestReservations, `other-${guest.email}`)).toEqual([]);
    const one = await new GetReservation({ uow: sdb.postgres.uow }).execute(booked[0]!, STAFF);
    expect(one.ok && one.value.guest).toEqual(guest);
  });

  it('relays outbox events with the guest fields opened; the consumers store what they keep sealed', async () => {
    const seen: DomainEvent[] = [];
    while ((await sdb.postgres.outboxFeed.relay(100, async (batch) => void seen.push(...batch))) > 0);
    const events = seen.filter((e) => e.type.startsWith('reservation.'));
    const payloads = events.map((e) => e.payload as ReservationSnapshot);
    expect(payloads.length).toBe(7);
    for (const p of payloads) expect({ name: p.guestName, email: p.guestEmail }).toEqual(guest);

    // What the worker's consumers write for these events: the partner feed, the notification log, the delivery journal.
    const feed = new RecordBookingRevision({ uow: sdb.postgres.uow, wakeups: new InProcessRevisionWakeups() });
    for (const event of events) {
      await feed.handle(event);
      await sdb.postgres.notifications.recordOnce({ eventId: event.id, hotelId: event.hotelId, reservationId: event.aggregateId, kind: 'booking_confirmation', recipient: guest.email });
      await sdb.postgres.uow.run(event.hotelId, async (tx) => {
        await tx.deliveries.claim('guest-email', event.id, event.hotelId);
        await tx.deliveries.record({ consumer: 'guest-email', eventId: event.id, hotelId: event.hotelId, channel: 'email', recipient: guest.email, subject: `New booking: ${guest.name}`, externalId: `<${event.id}@test>` });
        return ok(undefined);
      });
    }
    for (const table of ['booking_revisions', 'notifications', 'notification_deliveries'] as const) {
      const rows = await rawRows(table);
      expect(rows.length, table).toBe(7);
      expect(plaintextIn(rows), table).toEqual([]);
    }
    const revisions = await sdb.postgres.uow.run(hotels[0]!.hotelId, async (tx) => ok(await tx.revisions.after(hotels[0]!.hotelId, 0, 100)));
    expect(revisions.ok && revisions.value.map((r) => ({ name: r.reservation.guestName, email: r.reservation.guestEmail }))).toEqual([guest, guest, guest]);
  });

  it('rotates to key B while bookings continue: every row then names key B, and key A can be dropped', async () => {
    // A row from before encryption at rest: plaintext, no index (what m0010 leaves behind).
    // Its id carries the hotel's bucket, like every reservation id, so a unit of work routes it to shard 1.
    const legacyId = randomIdGenerator.reservationId(hotels[1]!.hotelId);
    await sdb.clients[1]!.query(
      `insert into reservations select (jsonb_populate_record(r, jsonb_build_object('id', $1::text, 'guest_name', $2::text, 'guest_email', $3::text, 'guest_email_index', null))).*
         from reservations r where id = $4`,
      [legacyId, guest.name, guest.email, booked[1]],
    );
    expect((await listAll(sdb.postgres.guestReservations, guest.email)).map((r) => r.id)).toContain(legacyId);

    // The servers restart with both keys, B active; the rotation runs while one of them books.
    const serverAB = await createShardedPostgres({ map: sdb.map, poolSize: 4, routeRefreshMs: 0, pii: new AesGcmPiiProtector(ringAB) });
    const piiAB = new AesGcmPiiProtector(ringAB);
    const book = new BookRoom({ uow: serverAB.uow, clock, ids: randomIdGenerator });
    const during: Promise<string>[] = [];
    const progress: RotationProgress[] = [];
    try {
      const rotation = resealGuestPii({ shards: sdb.postgres.router.shards, pii: piiAB, batchSize: 2, onProgress: (p) => progress.push(p) });
      for (let i = 0; i < 4; i++) {
        during.push(
          book.execute(aBooking(hotels[i % 2]!.hotelId, hotels[i % 2]!.roomTypeId, { idempotencyKey: `pii-${randomUUID()}`, guestName: guest.name, guestEmail: guest.email })).then((r) => {
            if (!r.ok) throw new Error(JSON.stringify(r.error));
            return r.value.reservation.id;
          }),
        );
      }
      const report = await rotation;
      booked.push(...(await Promise.all(during)));
      // Under key A: 7 reservations (one legacy, plaintext) + 7 outbox rows, 7 feed revisions, 7 notifications, 7 deliveries.
      expect(report.resealed).toBe(7 * 5);
      for (const s of report.shards) expect(Object.keys(s.tables)).toEqual([...SEALED]);
      expect(progress.at(-1)).toMatchObject({ done: progress.at(-1)!.total });
      expect(progress.length).toBeGreaterThan(4);
      // Idempotent: a second run finds nothing to do.
      expect((await resealGuestPii({ shards: sdb.postgres.router.shards, pii: piiAB })).resealed).toBe(0);
    } finally {
      await serverAB.close();
    }

    for (const row of await sealedColumns()) {
      expect(row.guest_name).toMatch(/^pii1\.keyB\./);
      expect(row.guest_email).toMatch(/^pii1\.keyB\./);
      expect(row.guest_email_index).toBe(piiAB.emailIndex(guest.email));
    }
    for (const table of SEALED) {
      const rows = await rawRows(table);
      expect(plaintextIn(rows), table).toEqual([]);
      for (const row of rows) expect(row, table).not.toContain('pii1.keyA.');
      if (table !== 'outbox') for (const row of rows) expect(row, table).toContain('pii1.keyB.');
    }

    // Key A removed from the configuration: everything still opens.
    const serverB = await createShardedPostgres({ map: sdb.map, poolSize: 4, routeRefreshMs: 0, pii: new AesGcmPiiProtector(ringB) });
    try {
      const found = await listAll(serverB.guestReservations, guest.email);
      expect(new Set(found.map((r) => r.id))).toEqual(new Set([...booked, legacyId]));
      expect(new Set(found.map((r) => `${r.name}|${r.email}`))).toEqual(new Set([`${guest.name}|${guest.email}`]));
      const got = await new GetReservation({ uow: serverB.uow as UnitOfWork }).execute(legacyId, STAFF);
      expect(got.ok && got.value.guest).toEqual(guest);
      // Outbox events sealed under A (already relayed) and during the rotation open under B alone.
      await Promise.all(sdb.clients.map((c) => c.query('update outbox set sent_at = null')));
      const relayed: DomainEvent[] = [];
      while ((await serverB.outboxFeed.relay(100, async (batch) => void relayed.push(...batch))) > 0);
      const guestEvents = relayed.filter((e) => e.type.startsWith('reservation.'));
      expect(guestEvents.length).toBe(7 + 4);
      for (const e of guestEvents) expect((e.payload as { guestEmail: string }).guestEmail).toBe(guest.email);
      const feed = await serverB.uow.run(hotels[1]!.hotelId, async (tx) => ok(await tx.revisions.after(hotels[1]!.hotelId, 0, 100)));
      expect(feed.ok && feed.value.map((r) => r.reservation.guestEmail)).toEqual([guest.email, guest.email, guest.email, guest.email]);
    } finally {
      await serverB.close();
    }
    // And without key A, a value still sealed under it would be refused, not misread.
    expect(() => new AesGcmPiiProtector(ringB).open(piiA.seal('x'))).toThrow('key "keyA"');
  });
});

