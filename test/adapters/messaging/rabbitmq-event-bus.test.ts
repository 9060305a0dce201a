import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DomainEvent } from '../../../src/core/events/domain-event.js';
import { fromEventMessage } from '../../../src/adapters/messaging/event-message.mapper.js';
import { EventDeadLettered } from '../../../src/adapters/messaging/rabbitmq-consumer.js';
import { PublishNotConfirmed, RabbitMqEventBus, type RabbitMqEventBusOptions } from '../../../src/adapters/messaging/rabbitmq-event-bus.js';
import { aReservationEvent } from '../../contract/event-bus.contract.js';
import { FlakyTcpProxy, RabbitTestNames, drainQueue, publishRaw } from '../../support/rabbitmq.js';

const WAIT = { timeout: 5_000, interval: 10 };
const BOTH = ['reservation.confirmed', 'reservation.cancelled'];

describe('RabbitMqEventBus', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    // Every step runs even if one fails, so broker objects are removed whatever happened.
    const failures: unknown[] = [];
    for (const step of cleanup.splice(0).reverse()) await step().catch((e: unknown) => failures.push(e));
    if (failures.length > 0) throw new AggregateError(failures, 'clean-up failed');
  });

  function setUp(options: Partial<RabbitMqEventBusOptions> = {}) {
    const names = new RabbitTestNames();
    const errors: unknown[] = [];
    const newBus = (overrides: Partial<RabbitMqEventBusOptions> = {}) => {
      const bus = new RabbitMqEventBus({
        url: names.url,
        exchange: names.exchange,
        queuePrefix: names.queuePrefix,
        retryDelayMs: 30,
        reconnectBaseMs: 20,
        reconnectMaxMs: 200,
        onError: (e) => errors.push(e),
        ...options,
        ...overrides,
      });
      cleanup.push(() => bus.close());
      return bus;
    };
    cleanup.push(() => names.remove());
    return { names, errors, bus: newBus(), newBus };
  }

  async function proxy(): Promise<FlakyTcpProxy> {
    const p = await FlakyTcpProxy.start();
    cleanup.push(() => p.stop());
    return p;
  }

  it('dead-letters an event whose handler keeps failing, without blocking the events behind it', async () => {
    const { names, errors, bus } = setUp({ maxAttempts: 3 });
    const poison = aReservationEvent();
    const healthy = [aReservationEvent(), aReservationEvent()];
    const attempts: string[] = [];
    const handled: string[] = [];
    await bus.subscribe(names.consumer('mailer'), BOTH, async (e) => {
      attempts.push(e.id);
      if (e.id === poison.id) throw new Error('cannot render this one');
      handled.push(e.id);
    });

    await bus.publish([poison, healthy[0]!]);
    await bus.publish([healthy[1]!]);

    await vi.waitFor(() => expect(handled).toEqual(expect.arrayContaining(healthy.map((e) => e.id))), WAIT);
    const dlq = names.topology('mailer').deadLetterQueue;
    const dead = await vi.waitFor(async () => {
      const messages = await drainQueue(dlq);
      expect(messages).toHaveLength(1);
      return messages;
    }, WAIT);
    expect(fromEventMessage(dead[0]!.content)).toEqual(poison);
    expect(dead[0]!.properties.headers?.['hotel_attempt']).toBe(3);
    expect(attempts.filter((id) => id === poison.id)).toHaveLength(3);
    expect(errors.filter((e) => e instanceof EventDeadLettered)).toHaveLength(1);
  });

  it('sends a message that is not an event straight to the dead-letter queue', async () => {
    const { names, bus } = setUp();
    const received: DomainEvent[] = [];
    await bus.subscribe(names.consumer('mailer'), BOTH, async (e) => void received.push(e));

    await publishRaw(names.exchange, 'reservation.confirmed', Buffer.from('{"id": 42'));
    const good = aReservationEvent();
    await bus.publish([good]);

    await vi.waitFor(() => expect(received.map((e) => e.id)).toEqual([good.id]), WAIT);
    await vi.waitFor(async () => expect(await drainQueue(names.topology('mailer').deadLetterQueue)).toHaveLength(1), WAIT);
  });

  it('publishes persistent JSON messages with the event id, type and hotel header', async () => {
    const { names, bus } = setUp();
    const sub = await bus.subscribe(names.consumer('raw'), BOTH, async () => undefined);
    await sub.close(); // keep the queue, so the message stays there to be looked at
    const event = aReservationEvent({ type: 'reservation.cancelled', hotelId: 'hotel-42' });

    await bus.publish([event]);

    const [message] = await vi.waitFor(async () => {
      const messages = await drainQueue(names.topology('raw').queue);
      expect(messages).toHaveLength(1);
      return messages;
    }, WAIT);
    expect(message!.fields.routingKey).toBe('reservation.cancelled');
    expect(message!.properties).toMatchObject({
      messageId: event.id,
      type: 'reservation.cancelled',
      contentType: 'application/json',
      deliveryMode: 2,
      headers: { hotel_id: 'hotel-42', schema_version: 1 },
    });
    expect(JSON.parse(message!.content.toString())).toMatchObject({ id: event.id, occurredAt: '2030-05-01T09:30:15.123Z' });
  });

  it('resolves publish only once the broker confirmed: losing the connection before the confirm rejects it', async () => {
    const p = await proxy();
    const { bus } = setUp({ url: p.proxiedUrl });
    await bus.start();
    const sentBefore = p.bytesToBroker;
    p.holdBrokerReplies();

    let settled = false;
    const publishing = bus.publish([aReservationEvent()]).finally(() => (settled = true));
    await vi.waitFor(() => expect(p.bytesToBroker).toBeGreaterThan(sentBefore), WAIT);
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    p.dropConnections();

    await expect(publishing).rejects.toThrow();
  });

  it('rejects publish when the confirm does not come in time, and publishes afresh afterwards', async () => {
    const p = await proxy();
    const { bus } = setUp({ url: p.proxiedUrl, confirmTimeoutMs: 150 });
    await bus.start();
    p.holdBrokerReplies();

    await expect(bus.publish([aReservationEvent()])).rejects.toThrow(PublishNotConfirmed);

    p.release();
    await expect(bus.publish([aReservationEvent()])).resolves.toBeUndefined();
  });

  it('rejects publish while the broker is unreachable, then reconnects on a later call', async () => {
    const p = await proxy();
    const { bus } = setUp({ url: p.proxiedUrl });
    await bus.start();

    p.refuse(true);
    p.dropConnections();
    await expect(bus.publish([aReservationEvent()])).rejects.toThrow();
    await expect(bus.publish([aReservationEvent()])).rejects.toThrow();

    p.refuse(false);
    await vi.waitFor(() => bus.publish([aReservationEvent()]), WAIT);
  });

  it('re-attaches subscriptions after the connection drops', async () => {
    const p = await proxy();
    const { names, bus, newBus } = setUp();
    const consumerBus = newBus({ url: p.proxiedUrl });
    const received: string[] = [];
    await consumerBus.subscribe(names.consumer('mailer'), BOTH, async (e) => void received.push(e.id));
    const before = aReservationEvent();
    await bus.publish([before]);
    await vi.waitFor(() => expect(received).toContain(before.id), WAIT);

    p.dropConnections();
    const after = aReservationEvent();
    await bus.publish([after]);

    await vi.waitFor(() => expect(received).toContain(after.id), WAIT);
    expect(p.connections).toBe(1);
  });

  it('keeps trying to re-attach, with back-off, while the broker stays away', async () => {
    const p = await proxy();
    const { names, errors, bus, newBus } = setUp();
    const consumerBus = newBus({ url: p.proxiedUrl });
    const received: string[] = [];
    await consumerBus.subscribe(names.consumer('mailer'), BOTH, async (e) => void received.push(e.id));

    p.refuse(true);
    p.dropConnections();
    const failuresBefore = errors.length;
    await vi.waitFor(() => expect(errors.length - failuresBefore).toBeGreaterThanOrEqual(4), WAIT);
    const meanwhile = aReservationEvent();
    await bus.publish([meanwhile]);
    p.refuse(false);

    await vi.waitFor(() => expect(received).toContain(meanwhile.id), WAIT);
  });

  it('declares the same topology twice without conflict (restarts, several instances)', async () => {
    const { names, bus, newBus } = setUp();
    const other = newBus();
    await bus.start();
    await other.start();
    const received: string[] = [];
    const handler = async (e: DomainEvent) => void received.push(e.id);
    await bus.subscribe(names.consumer('mailer'), BOTH, handler);
    await other.subscribe(names.consumer('mailer'), BOTH, handler);
    const events = Array.from({ length: 10 }, () => aReservationEvent());

    await bus.publish(events);

    // Two instances of one consumer compete for its queue: each event is handled once overall.
    await vi.waitFor(() => expect([...received].sort()).toEqual(events.map((e) => e.id).sort()), WAIT);
  });
});
