import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/core/events/domain-event.js';
import { err } from '../../src/core/shared/result.js';
import type { OutboxFeed } from '../../src/ports/outbox-feed.js';
import type { UnitOfWork } from '../../src/ports/unit-of-work.js';
import { anEvent, commit, gate } from './persistence-fixtures.js';

export interface OutboxUnderTest {
  readonly uow: UnitOfWork;
  readonly outboxFeed: OutboxFeed;
  dispose(): Promise<void>;
}

/**
 * EventOutbox + OutboxFeed contract: events appended in a unit of work are relayed in append order
 * once it commits, never if it rolls back; marked sent only when publish resolves (at least once).
 * Each test first drains what earlier suites left in the outbox.
 */
export function describeOutboxContract(name: string, create: () => Promise<OutboxUnderTest>): void {
  describe(`EventOutbox and OutboxFeed contract: ${name}`, () => {
    let subject: OutboxUnderTest;
    beforeAll(async () => {
      subject = await create();
    });
    afterAll(async () => {
      await subject?.dispose();
    });
    beforeEach(async () => {
      while ((await subject.outboxFeed.relay(1_000, async () => undefined)) > 0);
    });

    const append = (events: readonly DomainEvent[]) => commit(subject.uow, events[0]?.hotelId ?? 'routing', (tx) => tx.outbox.append(events));
    const collect = async (limit: number): Promise<{ relayed: number; events: DomainEvent[] }> => {
      const events: DomainEvent[] = [];
      const relayed = await subject.outboxFeed.relay(limit, async (batch) => {
        events.push(...batch);
      });
      return { relayed, events };
    };

    it('relays committed events in append order, with every field intact, once', async () => {
      const first = anEvent();
      const second = anEvent({ type: 'reservation.cancelled', hotelId: first.hotelId, aggregateId: first.aggregateId });
      const third = anEvent();
      await append([first, second]);
      await append([third]);
      expect(await collect(10)).toEqual({ relayed: 3, events: [first, second, third] });
      expect(await collect(10)).toEqual({ relayed: 0, events: [] });
    });

    it('relays at most `limit` events per call, oldest first', async () => {
      const events = Array.from({ length: 5 }, () => anEvent());
      for (const event of events) await append([event]);
      expect((await collect(2)).events.map((e) => e.id)).toEqual(events.slice(0, 2).map((e) => e.id));
      expect((await collect(10)).events.map((e) => e.id)).toEqual(events.slice(2).map((e) => e.id));
    });

    it('never relays events whose unit of work rolled back', async () => {
      const kept = anEvent();
      await subject.uow.run('routing', async (tx) => {
        await tx.outbox.append([anEvent()]);
        return err('rolled back');
      });
      await append([kept]);
      expect((await collect(10)).events.map((e) => e.id)).toEqual([kept.id]);
    });

    it('keeps events unsent when publish throws, and offers them again', async () => {
      const event = anEvent();
      await append([event]);
      const failure = new Error('broker down');
      await expect(
        subject.outboxFeed.relay(10, async () => {
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await collect(10)).toEqual({ relayed: 1, events: [event] });
    });

    it('measures the lag from the oldest unsent event, and 0 when all are sent', async () => {
      expect(await subject.outboxFeed.lagMillis(new Date('2031-02-01T10:00:00.000Z'))).toBe(0);
      await append([anEvent({ occurredAt: new Date('2031-02-01T09:59:50.000Z') })]);
      await append([anEvent({ occurredAt: new Date('2031-02-01T09:59:55.000Z') })]);
      expect(await subject.outboxFeed.lagMillis(new Date('2031-02-01T10:00:00.000Z'))).toBe(10_000);
      await collect(10);
      expect(await subject.outboxFeed.lagMillis(new Date('2031-02-01T10:00:00.000Z'))).toBe(0);
    });

    it('never hands the same event to two concurrent relays', async () => {
      const events = Array.from({ length: 8 }, () => anEvent());
      await append(events);
      const slow = gate();
      const seen: string[] = [];
      const publish = async (batch: readonly DomainEvent[]) => {
        seen.push(...batch.map((e) => e.id));
        await slow.opened;
      };
      const relays = [subject.outboxFeed.relay(4, publish), subject.outboxFeed.relay(4, publish), subject.outboxFeed.relay(4, publish)];
      setTimeout(() => slow.open(), 100);
      const counts = await Promise.all(relays);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(8);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.sort()).toEqual(events.map((e) => e.id).sort());
    });
  });
}
