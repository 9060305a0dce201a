import { connect, type GetMessage } from 'amqplib';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { consumerTopology } from '../../src/adapters/messaging/rabbitmq-topology.js';
import { RecordGuestNotification } from '../../src/core/notification/record-guest-notification.js';
import { SendReservationEmail } from '../../src/core/notification/send-reservation-email.js';
import { DeliverWebhooks } from '../../src/core/notification/webhooks.js';
import { IndexHotel } from '../../src/core/search/index-hotel.js';
import { RecordBookingRevision } from '../../src/core/partner/booking-feed.js';

/**
 * Every consumer the application subscribes (the queues a whole app declares): removed with the
 * test's names even when the test did not register them, so no run leaves queues on the broker.
 */
const APP_CONSUMERS = [
  RecordGuestNotification.consumerName,
  RecordBookingRevision.consumerName,
  DeliverWebhooks.consumerName,
  IndexHotel.consumerName,
  ...Object.values(SendReservationEmail.consumerNames),
];

/** The broker tests run against; override with RABBITMQ_URL. */
export const RABBITMQ_URL = process.env['RABBITMQ_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';

/**
 * Exchange and queue names private to one test, so parallel runs never share broker objects.
 * Register every consumer name the test subscribes, then `remove()` deletes all of it.
 */
export class RabbitTestNames {
  readonly exchange: string;
  readonly queuePrefix: string;
  private readonly consumers = new Set<string>();

  constructor(readonly url: string = RABBITMQ_URL) {
    const suffix = randomBytes(4).toString('hex');
    this.exchange = `test-${suffix}.events`;
    this.queuePrefix = `test-${suffix}`;
  }

  /** Records the consumer for clean-up and returns its name. */
  consumer(name: string): string {
    this.consumers.add(name);
    return name;
  }

  topology(consumer: string) {
    return consumerTopology(this.queuePrefix, this.consumer(consumer));
  }

  async remove(): Promise<void> {
    const model = await connect(this.url);
    try {
      const channel = await model.createChannel();
      channel.on('error', () => undefined);
      for (const consumer of new Set([...this.consumers, ...APP_CONSUMERS])) {
        const t = consumerTopology(this.queuePrefix, consumer);
        for (const q of [t.queue, t.retryQueue, t.deadLetterQueue]) await channel.deleteQueue(q);
        await channel.deleteExchange(t.deadLetterExchange);
      }
      await channel.deleteExchange(this.exchange);
    } finally {
      await model.close();
    }
  }
}

/** Takes every message currently in `queue` (acknowledging them). */
export async function drainQueue(queue: string, url: string = RABBITMQ_URL): Promise<GetMessage[]> {
  const model = await connect(url);
  try {
    const channel = await model.createChannel();
    const messages: GetMessage[] = [];
    for (let m = await channel.get(queue); m; m = await channel.get(queue)) {
      messages.push(m);
      channel.ack(m);
    }
    return messages;
  } finally {
    await model.close();
  }
}

/** Publishes raw bytes, as a foreign or broken producer would. */
export async function publishRaw(exchange: string, routingKey: string, body: Buffer, url: string = RABBITMQ_URL): Promise<void> {
  const model = await connect(url);
  try {
    const channel = await model.createConfirmChannel();
    channel.publish(exchange, routingKey, body, { persistent: true });
    await channel.waitForConfirms();
  } finally {
    await model.close();
  }
}

/**
 * A TCP proxy in front of the broker that tests use to break the network: drop every connection,
 * refuse new ones, or hold back what the broker sends (its publisher confirms, for instance).
 */
export class FlakyTcpProxy {
  private readonly server: net.Server;
  private readonly pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  private accepting = true;
  private holding = false;
  private held: { client: net.Socket; chunk: Buffer }[] = [];
  /** Bytes forwarded from clients to the broker so far. */
  bytesToBroker = 0;
  port = 0;

  private constructor(private readonly target: { host: string; port: number }) {
    this.server = net.createServer((client) => this.accept(client));
  }

  /** Starts a proxy on a free local port in front of the broker of `url`. */
  static async start(url: string = RABBITMQ_URL): Promise<FlakyTcpProxy> {
    const u = new URL(url);
    const proxy = new FlakyTcpProxy({ host: u.hostname, port: Number(u.port || 5672) });
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    proxy.port = (proxy.server.address() as net.AddressInfo).port;
    proxy.proxiedUrl = `${u.protocol}//${u.username}:${u.password}@127.0.0.1:${proxy.port}${u.pathname}`;
    return proxy;
  }

  /** The broker URL, through this proxy. */
  proxiedUrl = '';

  get connections(): number {
    return this.pairs.size;
  }

  /** Cuts every open connection, as a network failure would. */
  dropConnections(): void {
    for (const { client, upstream } of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
    this.held = [];
  }

  /** While refusing, new connections are closed at once (the broker looks down). */
  refuse(refusing: boolean): void {
    this.accepting = !refusing;
  }

  /** While holding, nothing the broker sends reaches the clients; `release()` delivers it. */
  holdBrokerReplies(): void {
    this.holding = true;
  }

  release(): void {
    this.holding = false;
    const held = this.held;
    this.held = [];
    for (const { client, chunk } of held) if (!client.destroyed) client.write(chunk);
  }

  async stop(): Promise<void> {
    this.dropConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    if (!this.accepting) {
      client.destroy();
      return;
    }
    const upstream = net.connect(this.target.port, this.target.host);
    const pair = { client, upstream };
    this.pairs.add(pair);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      this.pairs.delete(pair);
    };
    client.on('data', (chunk: Buffer) => {
      this.bytesToBroker += chunk.length;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (this.holding) this.held.push({ client, chunk });
      else client.write(chunk);
    });
    for (const socket of [client, upstream]) {
      socket.on('error', end);
      socket.on('close', end);
    }
  }
}
