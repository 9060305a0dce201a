import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DomainEvent, DomainEventType, ReservationEvent } from '../../src/core/events/domain-event.js';
import type { EventBus, Subscription } from '../../src/ports/event-bus.js';

/** A reservation event with every field set; override what the test is about. */
export function aReservationEvent(overrides: Partial<ReservationEvent> = {}): ReservationEvent {
  const reservationId = overrides.aggregateId ?? `res-${randomUUID()}`;
  const hotelId = overrides.hotelId ?? 'hotel-1';
  return {
    id: randomUUID(),
    type: 'reservation.confirmed',
    occurredAt: new Date('2030-05-01T09:30:15.123Z'),
    hotelId,
    aggregateId: reservationId,
    payload: {
      reservationId,
      hotelId,
      roomTypeId: 'rt-double',
      checkIn: '2030-06-01',
      checkOut: '2030-06-04',
      guests: 2,
      guestName: 'Ada Lovelace',
      guestEmail: 'ada@example.com',
      status: 'confirmed',
      totalPriceMinor: 45_000,
      currency: 'EUR',
    },
    ...overrides,
  };
}

export interface EventBusUnderTest {
  readonly bus: EventBus;
  /** Whether each consumer sees events in publish order when no handler fails. */
  readonly deliversInOrder: boolean;
  /** Closes the bus and removes whatever it created. */
  dispose(): Promise<void>;
}

const BOTH: readonly DomainEventType[] = ['reservation.confirmed', 'reservation.cancelled'];
const WAIT = { timeout: 5_000, interval: 10 };

/** A handler that records what it is given. */
class Inbox {
  readonly received: DomainEvent[] = [];
  readonly handle = async (event: DomainEvent): Promise<void> => {
    this.received.push(event);
  };

  ids(): string[] {
    return this.received.map((e) => e.id);
  }

  count(id: string): number {
    return this.received.filter((e) => e.id === id).length;
  }

  async waitFor(ids: readonly string[]): Promise<void> {
    await vi.waitFor(() => expect(this.ids()).toEqual(expect.arrayContaining([...ids])), WAIT);
  }
}

/**
 * The EventBus port's contract, run against every adapter. Asserting that something did NOT
 * arrive needs a moment for it to arrive: the tests publish a later "fence" event and wait for it.
 */
export function describeEventBusContract(name: string, create: () => Promise<EventBusUnderTest>): void {
  describe(`EventBus contract: ${name}`, () => {
    let subject: EventBusUnderTest;
    let bus: EventBus;
    const subscriptions: Subscription[] = [];

    const subscribe = async (consumer: string, types: readonly string[], inbox: { handle: (e: DomainEvent) => Promise<void> }) => {
      const s = await bus.subscribe(consumer, types, inbox.handle);
      subscriptions.push(s);
      return s;
    };

    beforeEach(async () => {
      subject = await create();
      bus = subject.bus;
    });

    afterEach(async () => {
      await Promise.all(subscriptions.splice(0).map((s) => s.close()));
      await subject.dispose();
    });

    it('delivers each published event once, with every field intact', async () => {
      const inbox = new Inbox();
      await subscribe('notifications', BOTH, inbox);
      const events = [aReservationEvent(), aReservationEvent({ type: 'reservation.cancelled', hotelId: 'hotel-2' }), aReservationEvent()];

      await bus.publish(events);
      await inbox.waitFor(events.map((e) => e.id));
      const fence = aReservationEvent();
      await bus.publish([fence]);
      await inbox.waitFor([fence.id]);

      for (const event of events) {
        expect(inbox.count(event.id)).toBe(1);
        expect(inbox.received.find((e) => e.id === event.id)).toEqual(event);
      }
      expect(inbox.received[0]?.occurredAt).toBeInstanceOf(Date);
    });

    it('delivers only the event types a consumer subscribed to', async () => {
      const confirmations = new Inbox();
      const everything = new Inbox();
      await subscribe('confirmations', ['reservation.confirmed'], confirmations);
      await subscribe('everything', BOTH, everything);
      const cancelled = aReservationEvent({ type: 'reservation.cancelled' });
      const confirmed = aReservationEvent({ type: 'reservation.confirmed' });

      await bus.publish([cancelled, confirmed]);
      await confirmations.waitFor([confirmed.id]);
      await everything.waitFor([cancelled.id, confirmed.id]);
      const fence = aReservationEvent();
      await bus.publish([fence]);
      await confirmations.waitFor([fence.id]);

      expect(confirmations.ids()).not.toContain(cancelled.id);
    });

    it('delivers an event again after its handler failed, until it succeeds', async () => {
      const attempts = new Map<string, number>();
      const handled: string[] = [];
      const handler = {
        handle: async (event: DomainEvent) => {
          const n = (attempts.get(event.id) ?? 0) + 1;
          attempts.set(event.id, n);
          if (n === 1) throw new Error('transient failure');
          handled.push(event.id);
        },
      };
      await subscribe('flaky', BOTH, handler);
      const event = aReservationEvent();

      await bus.publish([event]);

      await vi.waitFor(() => expect(handled).toEqual([event.id]), WAIT);
      expect(attempts.get(event.id)).toBe(2);
    });

    it('gives every consumer every event', async () => {
      const guests = new Inbox();
      const partners = new Inbox();
      await subscribe('guests', BOTH, guests);
      await subscribe('partners', BOTH, partners);
      const events = Array.from({ length: 5 }, () => aReservationEvent());

      await bus.publish(events.slice(0, 2));
      await bus.publish(events.slice(2));

      const ids = events.map((e) => e.id);
      await guests.waitFor(ids);
      await partners.waitFor(ids);
      expect(guests.received).toHaveLength(5);
      expect(partners.received).toHaveLength(5);
    });

    it('stops delivering to a closed subscription', async () => {
      const closed = new Inbox();
      const open = new Inbox();
      const subscription = await subscribe('leaving', BOTH, closed);
      await subscribe('staying', BOTH, open);
      await subscription.close();
      const event = aReservationEvent();

      await bus.publish([event]);
      await open.waitFor([event.id]);
      const fence = aReservationEvent();
      await bus.publish([fence]);
      await open.waitFor([fence.id]);

      expect(closed.received).toEqual([]);
    });

    it('accepts an empty batch', async () => {
      await expect(bus.publish([])).resolves.toBeUndefined();
    });

    it('refuses to publish once closed', async () => {
      await bus.close();
      await expect(bus.publish([aReservationEvent()])).rejects.toThrow();
    });

    // Ordering is promised only by adapters that say so; the others must still deliver every event once.
    it('delivers sequential publishes each once, and in publish order where the adapter promises it', async () => {
      const inbox = new Inbox();
      await subscribe('ordered', BOTH, inbox);
      const events = Array.from({ length: 20 }, () => aReservationEvent());

      for (const event of events) await bus.publish([event]);

      await inbox.waitFor(events.map((e) => e.id));
      const expected = events.map((e) => e.id);
      if (subject.deliversInOrder) expect(inbox.ids()).toEqual(expected);
      else expect([...inbox.ids()].sort()).toEqual([...expected].sort());
    });
  });
}
