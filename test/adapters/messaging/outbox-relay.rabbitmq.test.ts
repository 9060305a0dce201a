import { afterEach, describe, expect, it, vi } from 'vitest';
import { OutboxRelay } from '../../../src/adapters/messaging/outbox-relay.js';
import { RabbitMqEventBus } from '../../../src/adapters/messaging/rabbitmq-event-bus.js';
import { aReservationEvent } from '../../contract/event-bus.contract.js';
import { FlakyTcpProxy, RabbitTestNames } from '../../support/rabbitmq.js';
import { InMemoryOutboxFeed } from './in-memory-outbox-feed.js';

const WAIT = { timeout: 5_000, interval: 10 };

describe('OutboxRelay over RabbitMQ', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
  });

  it('gets every committed event to the consumer across a broker outage, none lost', async () => {
    const names = new RabbitTestNames();
    cleanup.push(() => names.remove());
    const proxy = await FlakyTcpProxy.start();
    cleanup.push(() => proxy.stop());
    const options = { exchange: names.exchange, queuePrefix: names.queuePrefix, reconnectBaseMs: 20, reconnectMaxMs: 100, onError: () => undefined };
    const consumerBus = new RabbitMqEventBus({ url: names.url, ...options });
    const publisherBus = new RabbitMqEventBus({ url: proxy.proxiedUrl, ...options });
    cleanup.push(() => consumerBus.close(), () => publisherBus.close());
    const received = new Set<string>();
    await consumerBus.subscribe(names.consumer('mailer'), ['reservation.confirmed'], async (e) => void received.add(e.id));
    const feed = new InMemoryOutboxFeed();
    const failedBatches: unknown[] = [];
    const relay = new OutboxRelay({ feed, bus: publisherBus, batchSize: 10, idleDelayMs: 10, maxBackoffMs: 50, onError: (e) => failedBatches.push(e) });
    cleanup.push(() => relay.stop());
    relay.start();

    const before = Array.from({ length: 15 }, () => aReservationEvent());
    feed.append(...before);
    await vi.waitFor(() => expect(feed.unsent()).toEqual([]), WAIT);

    proxy.refuse(true);
    proxy.dropConnections();
    const during = Array.from({ length: 15 }, () => aReservationEvent());
    feed.append(...during);
    relay.kick();
    await vi.waitFor(() => expect(failedBatches.length).toBeGreaterThanOrEqual(3), WAIT);
    expect(feed.unsent()).toHaveLength(15);

    proxy.refuse(false);
    await vi.waitFor(() => expect(feed.unsent()).toEqual([]), WAIT);
    await vi.waitFor(() => expect(received.size).toBe(30), WAIT);
    expect([...before, ...during].every((e) => received.has(e.id))).toBe(true);
  });
});
