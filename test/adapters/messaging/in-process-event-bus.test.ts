import { afterEach, describe, expect, it, vi } from 'vitest';
import { InProcessEventBus, type DeadEvent } from '../../../src/adapters/messaging/in-process-event-bus.js';
import { aReservationEvent } from '../../contract/event-bus.contract.js';

const BOTH = ['reservation.confirmed', 'reservation.cancelled'];
const WAIT = { timeout: 2_000, interval: 5 };

describe('InProcessEventBus', () => {
  const buses: InProcessEventBus[] = [];
  const newBus = (dead: DeadEvent[] = []) => {
    const bus = new InProcessEventBus({ maxAttempts: 3, retryDelayMs: 5, onDeadLetter: (d) => dead.push(d) });
    buses.push(bus);
    return bus;
  };
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((b) => b.close()));
  });

  it('resolves publish once events are queued, before any handler has run', async () => {
    const bus = newBus();
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const started: string[] = [];
    await bus.subscribe('slow', BOTH, async (e) => {
      started.push(e.id);
      await blocked;
    });
    const event = aReservationEvent();

    await bus.publish([event]);

    expect(started).toEqual([]);
    await vi.waitFor(() => expect(started).toEqual([event.id]), WAIT);
    release();
    await bus.idle();
  });

  it('reports an event dead after the last attempt and goes on with the next ones', async () => {
    const dead: DeadEvent[] = [];
    const bus = newBus(dead);
    const poison = aReservationEvent();
    const next = aReservationEvent();
    const handled: string[] = [];
    let poisonAttempts = 0;
    await bus.subscribe('mailer', BOTH, async (e) => {
      if (e.id === poison.id) {
        poisonAttempts += 1;
        throw new Error('broken template');
      }
      handled.push(e.id);
    });

    await bus.publish([poison, next]);
    await bus.idle();

    expect(handled).toEqual([next.id]);
    expect(poisonAttempts).toBe(3);
    expect(dead).toMatchObject([{ consumer: 'mailer', attempts: 3, event: poison }]);
  });

  it('hands each consumer a copy, as a broker would', async () => {
    const bus = newBus();
    const received: unknown[] = [];
    await bus.subscribe('a', BOTH, async (e) => void received.push(e));
    const event = aReservationEvent();

    await bus.publish([event]);
    await bus.idle();

    expect(received).toEqual([event]);
    expect(received[0]).not.toBe(event);
  });

  it('refuses a second subscription under the same consumer name', async () => {
    const bus = newBus();
    await bus.subscribe('mailer', BOTH, async () => undefined);
    await expect(bus.subscribe('mailer', BOTH, async () => undefined)).rejects.toThrow(/already subscribed/);
  });

  it('lets the running handler finish on close and drops what is still queued', async () => {
    const bus = newBus();
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const started: string[] = [];
    const finished: string[] = [];
    await bus.subscribe('slow', BOTH, async (e) => {
      started.push(e.id);
      await blocked;
      finished.push(e.id);
    });
    const [first, second] = [aReservationEvent(), aReservationEvent()];
    await bus.publish([first, second]);
    await vi.waitFor(() => expect(started).toEqual([first.id]), WAIT);

    let closed = false;
    const closing = bus.close().then(() => (closed = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(false);
    release();
    await closing;

    expect(finished).toEqual([first.id]);
  });
});
