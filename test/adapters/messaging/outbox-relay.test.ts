import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DomainEvent } from '../../../src/core/events/domain-event.js';
import type { EventBus, Subscription } from '../../../src/ports/event-bus.js';
import { OutboxRelay, type OutboxRelayDeps } from '../../../src/adapters/messaging/outbox-relay.js';
import { aReservationEvent } from '../../contract/event-bus.contract.js';
import { InMemoryOutboxFeed } from './in-memory-outbox-feed.js';

/** A bus that keeps what it accepted; it can be made to refuse, or to hold a publish open. */
class RecordingBus implements EventBus {
  readonly batches: DomainEvent[][] = [];
  failing = false;
  private gate: Promise<void> | null = null;
  private openGate: (() => void) | null = null;

  get published(): DomainEvent[] {
    return this.batches.flat();
  }

  hold(): void {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }

  release(): void {
    this.openGate?.();
    this.gate = null;
  }

  async publish(events: readonly DomainEvent[]): Promise<void> {
    if (this.gate) await this.gate;
    if (this.failing) throw new Error('broker unavailable');
    this.batches.push([...events]);
  }

  async subscribe(): Promise<Subscription> {
    throw new Error('not used by the relay');
  }

  async close(): Promise<void> {}
}

const WAIT = { timeout: 2_000, interval: 5 };

describe('OutboxRelay', () => {
  const relays: OutboxRelay[] = [];
  const setUp = (deps: Partial<OutboxRelayDeps> = {}) => {
    const feed = new InMemoryOutboxFeed();
    const bus = new RecordingBus();
    const errors: unknown[] = [];
    const relay = new OutboxRelay({ feed, bus, batchSize: 2, idleDelayMs: 5, onError: (e) => errors.push(e), ...deps });
    relays.push(relay);
    return { feed, bus, errors, relay };
  };
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
  });

  it('publishes committed events in outbox order and leaves nothing unsent', async () => {
    const { feed, bus, relay } = setUp();
    const events = Array.from({ length: 5 }, () => aReservationEvent());
    feed.append(...events);

    relay.start();

    await vi.waitFor(() => expect(feed.unsent()).toEqual([]), WAIT);
    expect(bus.published).toEqual(events);
    expect(bus.batches.map((b) => b.length)).toEqual([2, 2, 1]);
  });

  it('picks up events committed while it runs', async () => {
    const { feed, bus, relay } = setUp();
    relay.start();
    await vi.waitFor(() => expect(feed.relayCalls).toBeGreaterThan(0), WAIT);

    const later = aReservationEvent();
    feed.append(later);

    await vi.waitFor(() => expect(bus.published).toEqual([later]), WAIT);
  });

  it('keeps events unsent while publishing fails and publishes them on a later attempt', async () => {
    const { feed, bus, errors, relay } = setUp({ maxBackoffMs: 20 });
    const events = [aReservationEvent(), aReservationEvent()];
    feed.append(...events);
    bus.failing = true;

    relay.start();
    await vi.waitFor(() => expect(errors.length).toBeGreaterThanOrEqual(3), WAIT);
    expect(feed.unsent()).toEqual(events);
    expect(bus.published).toEqual([]);

    bus.failing = false;
    await vi.waitFor(() => expect(feed.unsent()).toEqual([]), WAIT);
    expect(bus.published).toEqual(events);
  });

  it('drainOnce relays everything pending and reports how many', async () => {
    const { feed, bus, relay } = setUp();
    feed.append(...Array.from({ length: 5 }, () => aReservationEvent()));

    await expect(relay.drainOnce()).resolves.toBe(5);
    await expect(relay.drainOnce()).resolves.toBe(0);
    expect(bus.published).toHaveLength(5);
  });

  it('drainOnce throws when publishing fails, leaving the events unsent', async () => {
    const { feed, bus, relay } = setUp();
    feed.append(aReservationEvent());
    bus.failing = true;

    await expect(relay.drainOnce()).rejects.toThrow('broker unavailable');
    expect(feed.unsent()).toHaveLength(1);
  });

  it('kick() wakes an idle relay at once', async () => {
    const { feed, bus, relay } = setUp({ idleDelayMs: 60_000 });
    relay.start();
    await vi.waitFor(() => expect(feed.relayCalls).toBe(1), WAIT);

    const event = aReservationEvent();
    feed.append(event);
    relay.kick();

    await vi.waitFor(() => expect(bus.published).toEqual([event]), WAIT);
  });

  it('stop() returns promptly from a long idle wait', async () => {
    const { feed, relay } = setUp({ idleDelayMs: 60_000 });
    relay.start();
    await vi.waitFor(() => expect(feed.relayCalls).toBe(1), WAIT);

    const started = performance.now();
    await relay.stop();

    expect(performance.now() - started).toBeLessThan(500);
    expect(relay.running).toBe(false);
  });

  it('stop() waits for the batch in flight, which completes and is marked sent', async () => {
    const { feed, bus, relay } = setUp({ idleDelayMs: 60_000 });
    const event = aReservationEvent();
    feed.append(event);
    bus.hold();
    relay.start();
    await vi.waitFor(() => expect(feed.relayCalls).toBe(1), WAIT);

    let stopped = false;
    const stopping = relay.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    bus.release();
    await stopping;

    expect(feed.unsent()).toEqual([]);
    expect(feed.relayCalls).toBe(1);
  });
});
