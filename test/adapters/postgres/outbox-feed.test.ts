import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../src/core/events/domain-event.js';
import { ok } from '../../../src/core/shared/result.js';
import { anEvent, commit, gate, stillPendingAfter } from '../../contract/persistence-fixtures.js';
import { migratedTestDatabase, type MigratedTestDatabase } from './postgres-test-adapter.js';

describe('PostgresOutboxFeed', () => {
  let db: MigratedTestDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    db = await migratedTestDatabase();
    client = new pg.Client({ connectionString: db.database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await db?.dispose();
  });
  beforeEach(async () => {
    await client.query('delete from outbox');
  });

  const append = (events: readonly DomainEvent[]) => commit(db.postgres.uow, 'routing', (tx) => tx.outbox.append(events));
  const sentAt = async (eventId: string): Promise<Date | null> =>
    (await client.query<{ sent_at: Date | null }>('select sent_at from outbox where event_id = $1', [eventId])).rows[0]?.sent_at ?? null;

  it('stores the event as JSON, the guest name and email sealed, and stamps sent_at only after publish resolves', async () => {
    const event = anEvent();
    await append([event]);
    const stored = await client.query('select type, hotel_id, aggregate_id, occurred_at, payload, sent_at from outbox where event_id = $1', [event.id]);
    const { guestName, guestEmail, ...rest } = stored.rows[0].payload as Record<string, string>;
    expect({ ...stored.rows[0], payload: rest }).toEqual({
      type: event.type,
      hotel_id: event.hotelId,
      aggregate_id: event.aggregateId,
      occurred_at: event.occurredAt,
      payload: Object.fromEntries(Object.entries(event.payload).filter(([k]) => k !== 'guestName' && k !== 'guestEmail')),
      sent_at: null,
    });
    const payload = event.payload as { guestName: string; guestEmail: string };
    expect(guestName).toMatch(/^pii1\.test1\./);
    expect(guestEmail).toMatch(/^pii1\.test1\./);
    expect(db.pii.open(guestName!)).toBe(payload.guestName);
    expect(db.pii.open(guestEmail!)).toBe(payload.guestEmail);
    expect(JSON.stringify(stored.rows[0])).not.toContain(payload.guestEmail);

    const publishing = gate();
    const released = gate();
    const relay = db.postgres.outboxFeed.relay(10, async () => {
      publishing.open();
      await released.opened;
    });
    await publishing.opened;
    expect(await sentAt(event.id)).toBeNull();
    released.open();
    expect(await relay).toBe(1);
    expect(await sentAt(event.id)).toBeInstanceOf(Date);
  });

  it('leaves sent_at empty when publish throws', async () => {
    const event = anEvent();
    await append([event]);
    await expect(db.postgres.outboxFeed.relay(10, () => Promise.reject(new Error('nack')))).rejects.toThrow('nack');
    expect(await sentAt(event.id)).toBeNull();
  });

  it('skips rows another relay holds instead of waiting for them (SKIP LOCKED)', async () => {
    const events = Array.from({ length: 10 }, () => anEvent());
    await append(events);
    const held = gate();
    const started = gate();
    const firstSeen: string[] = [];
    const first = db.postgres.outboxFeed.relay(5, async (batch) => {
      firstSeen.push(...batch.map((e) => e.id));
      started.open();
      await held.opened;
    });
    await started.opened;

    const secondSeen: string[] = [];
    const second = db.postgres.outboxFeed.relay(10, async (batch) => {
      secondSeen.push(...batch.map((e) => e.id));
    });
    // The second relay finishes while the first still holds its five rows.
    expect(await stillPendingAfter(second, 2_000)).toBe(false);
    expect(await second).toBe(5);
    expect(await stillPendingAfter(first, 10)).toBe(true);
    held.open();
    expect(await first).toBe(5);

    expect(firstSeen).toEqual(events.slice(0, 5).map((e) => e.id));
    expect(secondSeen).toEqual(events.slice(5).map((e) => e.id));
  });

  it('does not see events of a unit of work that has not committed', async () => {
    const held = gate();
    const appended = gate();
    const event = anEvent();
    const open = db.postgres.uow.run('routing', async (tx) => {
      await tx.outbox.append([event]);
      appended.open();
      await held.opened;
      return ok(undefined);
    });
    await appended.opened;
    const seen: DomainEvent[] = [];
    expect(await db.postgres.outboxFeed.relay(10, async (batch) => void seen.push(...batch))).toBe(0);
    held.open();
    await open;
    expect(await db.postgres.outboxFeed.relay(10, async (batch) => void seen.push(...batch))).toBe(1);
    expect(seen).toEqual([event]);
  });

  it('refuses a limit that is not a positive integer', async () => {
    await expect(db.postgres.outboxFeed.relay(0, async () => undefined)).rejects.toThrow(RangeError);
    await expect(db.postgres.outboxFeed.relay(1.5, async () => undefined)).rejects.toThrow(RangeError);
  });
});
