import type { ConfirmChannel, Options } from 'amqplib';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DomainEvent } from '../../core/events/domain-event.js';
import type { EventBus, EventHandler, Subscription } from '../../ports/event-bus.js';
import { backoffDelay } from './backoff.js';
import { HEADER, toEventMessage, type TraceContext } from './event-message.mapper.js';
import { tracePublish } from './message-tracing.js';
import { RabbitMqConnection } from './rabbitmq-connection.js';
import { RabbitMqConsumer } from './rabbitmq-consumer.js';
import { consumerTopology, declareEventExchange } from './rabbitmq-topology.js';

export interface RabbitMqEventBusOptions {
  /** e.g. `amqp://user:pass@host:5672/vhost`; a `heartbeat` query parameter overrides `heartbeatSeconds`. */
  readonly url: string;
  /** amqps:// with a private CA: its PEM certificate(s); unset: the system's CAs. */
  readonly ca?: Buffer | undefined;
  /** Durable topic exchange every event is published to, routing key = event type. Default `hotel.events`. */
  readonly exchange?: string;
  /** Consumer queues are named `<queuePrefix>.<consumer>[.retry|.dlx|.dlq]`. Default `hotel`. */
  readonly queuePrefix?: string;
  /** Unacked deliveries per subscription, which is also its handler concurrency. Default 32. */
  readonly prefetch?: number;
  /** Handler attempts before an event goes to the dead-letter queue. Default 5. */
  readonly maxAttempts?: number;
  /** Delay before a failed event is delivered again the first time; doubles with each attempt. Default 5000. */
  readonly retryDelayMs?: number;
  /** Cap of the retry delay, and the retry queue's `x-message-ttl`. Default 300000 (at least `retryDelayMs`). */
  readonly retryMaxDelayMs?: number;
  /** `publish` rejects if the broker has not confirmed within this time. Default 15000. */
  readonly confirmTimeoutMs?: number;
  /** Default 10. */
  readonly heartbeatSeconds?: number;
  /** Reconnect back-off: first delay and cap. Defaults 200 and 10000. */
  readonly reconnectBaseMs?: number;
  readonly reconnectMaxMs?: number;
  /** Default `hotel-reservation`. */
  readonly connectionName?: string;
  /** Infrastructure faults and dead-lettered events (`EventDeadLettered`). Default: console.error. */
  readonly onError?: (error: unknown) => void;
}

export interface QueueDepth {
  readonly queue: string;
  readonly messages: number;
  readonly consumers: number;
  readonly deadLetter: boolean;
}

/** The broker neither confirmed nor refused in time; the events may or may not have arrived. */
export class PublishNotConfirmed extends Error {
  override readonly name = 'PublishNotConfirmed';
  constructor(count: number, timeoutMs: number) {
    super(`RabbitMQ did not confirm ${count} event(s) within ${timeoutMs} ms`);
  }
}

/**
 * `EventBus` over RabbitMQ (see rabbitmq-topology.ts for the objects it declares).
 *
 * Publishing: persistent messages on a confirm channel; `publish` resolves once the broker has
 * confirmed every message and rejects on a nack, a closed channel or connection, or a confirm
 * timeout. A rejected publish may still have reached the broker (the confirm was lost): the
 * outbox relay publishes again, so consumers see duplicates, never gaps.
 *
 * Connection loss: nothing is buffered. `publish` rejects while the broker is away, and the next
 * call reconnects (with exponential back-off between failed attempts). Subscriptions re-attach
 * by themselves: a background loop reconnects with the same back-off and re-declares and
 * re-consumes every open subscription.
 */
export class RabbitMqEventBus implements EventBus {
  private readonly exchange: string;
  private readonly queuePrefix: string;
  private readonly connection: RabbitMqConnection;
  private readonly onError: (error: unknown) => void;
  private publishChannel: Promise<ConfirmChannel> | null = null;
  private readonly consumers = new Set<RabbitMqConsumer>();
  private restoring = false;
  private restoreAgain = false;
  private readonly closing = new AbortController();

  constructor(private readonly options: RabbitMqEventBusOptions) {
    this.exchange = options.exchange ?? 'hotel.events';
    this.queuePrefix = options.queuePrefix ?? 'hotel';
    this.onError = options.onError ?? ((e) => console.error('[messaging]', e));
    this.connection = new RabbitMqConnection({
      url: options.url,
      ca: options.ca,
      connectionName: options.connectionName ?? 'hotel-reservation',
      heartbeatSeconds: options.heartbeatSeconds ?? 10,
      reconnectBaseMs: options.reconnectBaseMs ?? 200,
      reconnectMaxMs: options.reconnectMaxMs ?? 10_000,
      onError: (e) => this.report(e),
    });
  }

  /** Connects and declares the exchange; rejects if the broker is unreachable. Optional: first use does it too. */
  async start(): Promise<void> {
    await this.channelForPublishing();
  }

  async publish(events: readonly DomainEvent[]): Promise<void> {
    if (this.closing.signal.aborted) throw new Error('event bus closed');
    if (events.length === 0) return;
    const opening = this.channelForPublishing();
    const channel = await opening;
    const confirmed = Promise.all(events.map((event) => this.publishOne(channel, event)));
    const timeoutMs = this.options.confirmTimeoutMs ?? 15_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PublishNotConfirmed(events.length, timeoutMs)), timeoutMs);
    });
    try {
      await Promise.race([confirmed, timeout]);
    } catch (e) {
      // Late confirms on this channel would be meaningless; start the next publish afresh.
      if (e instanceof PublishNotConfirmed) {
        if (this.publishChannel === opening) this.publishChannel = null;
        void channel.close().catch(() => undefined);
      }
      throw e;
    } finally {
      clearTimeout(timer);
      confirmed.catch(() => undefined);
    }
  }

  async subscribe(consumer: string, types: readonly string[], handler: EventHandler): Promise<Subscription> {
    if (this.closing.signal.aborted) throw new Error('event bus closed');
    const subscription: RabbitMqConsumer = new RabbitMqConsumer({
      exchange: this.exchange,
      names: consumerTopology(this.queuePrefix, consumer),
      types,
      handler,
      prefetch: this.options.prefetch ?? 32,
      maxAttempts: this.options.maxAttempts ?? 5,
      retryDelayMs: this.options.retryDelayMs ?? 5_000,
      retryMaxDelayMs: Math.max(this.options.retryMaxDelayMs ?? 300_000, this.options.retryDelayMs ?? 5_000),
      onError: (e) => this.report(e),
      onDetached: () => this.restoreSubscriptions(),
    });
    // Registered before attaching, so a connection lost right after the attach is restored too.
    this.consumers.add(subscription);
    try {
      await subscription.attach(await this.connection.get());
    } catch (e) {
      this.consumers.delete(subscription);
      await subscription.close();
      throw e;
    }
    return {
      close: async () => {
        this.consumers.delete(subscription);
        await subscription.close();
      },
    };
  }

  /**
   * Ready messages and consumers of every subscription's work queue and dead-letter queue, for
   * metrics (a passive declare per queue on a short-lived channel). Rejects if the broker is away.
   */
  async queueDepths(): Promise<QueueDepth[]> {
    const model = await this.connection.get();
    const channel = await model.createChannel();
    channel.on('error', () => undefined); // a missing queue closes this channel only
    try {
      const depths: QueueDepth[] = [];
      for (const consumer of this.consumers) {
        const { queue, deadLetterQueue } = consumer.topology;
        const work = await channel.checkQueue(queue);
        const dead = await channel.checkQueue(deadLetterQueue);
        depths.push({ queue, messages: work.messageCount, consumers: work.consumerCount, deadLetter: false });
        depths.push({ queue: deadLetterQueue, messages: dead.messageCount, consumers: dead.consumerCount, deadLetter: true });
      }
      return depths;
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  /**
   * Moves up to `limit` messages of a consumer's dead-letter queue back to its work queue, each
   * with a fresh attempt count (confirmed before the dead letter is acked, so none is lost; one
   * may be duplicated if the process dies in between, which idempotent consumers absorb).
   */
  async replayDeadLetters(consumer: string, limit: number): Promise<number> {
    const { queue, deadLetterQueue } = consumerTopology(this.queuePrefix, consumer);
    const model = await this.connection.get();
    const channel = await model.createConfirmChannel();
    channel.on('error', () => undefined); // a missing queue closes this channel only
    try {
      await channel.checkQueue(deadLetterQueue);
      let moved = 0;
      while (moved < limit) {
        const msg = await channel.get(deadLetterQueue, { noAck: false });
        if (!msg) break;
        const headers: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(msg.properties.headers ?? {})) if (!k.startsWith('x-')) headers[k] = v;
        headers[HEADER.attempt] = 1;
        const { messageId, type, timestamp, contentType } = msg.properties;
        const options: Options.Publish = { persistent: true, headers };
        if (messageId !== undefined) options.messageId = messageId;
        if (type !== undefined) options.type = type;
        if (timestamp !== undefined) options.timestamp = timestamp;
        if (contentType !== undefined) options.contentType = contentType;
        channel.sendToQueue(queue, msg.content, options);
        await channel.waitForConfirms();
        channel.ack(msg);
        moved += 1;
      }
      return moved;
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort();
    const consumers = [...this.consumers];
    this.consumers.clear();
    await Promise.allSettled(consumers.map((c) => c.close()));
    const channel = await this.publishChannel?.catch(() => null);
    await channel?.close().catch(() => undefined);
    await this.connection.close();
  }

  private channelForPublishing(): Promise<ConfirmChannel> {
    if (this.publishChannel) return this.publishChannel;
    const opening = (async () => {
      const model = await this.connection.get();
      const channel = await model.createConfirmChannel();
      channel.on('error', (e: Error) => this.report(e));
      channel.on('close', () => {
        if (this.publishChannel === opening) this.publishChannel = null;
      });
      await declareEventExchange(channel, this.exchange);
      return channel;
    })();
    this.publishChannel = opening;
    opening.catch(() => {
      if (this.publishChannel === opening) this.publishChannel = null;
    });
    return opening;
  }

  private publishOne(channel: ConfirmChannel, event: DomainEvent): Promise<void> {
    return tracePublish(this.exchange, event, (trace) => this.confirmedPublish(channel, event, trace));
  }

  private confirmedPublish(channel: ConfirmChannel, event: DomainEvent, trace: TraceContext | undefined): Promise<void> {
    const message = toEventMessage(event, trace);
    return new Promise((resolve, reject) => {
      // Throws synchronously on a closed channel; inside the executor that becomes a rejection.
      channel.publish(
        this.exchange,
        message.type,
        message.body,
        {
          persistent: true,
          messageId: message.messageId,
          type: message.type,
          timestamp: message.timestamp,
          contentType: message.contentType,
          headers: message.headers,
        },
        (err: unknown) => (err ? reject(err instanceof Error ? err : new Error(`broker refused event ${event.id}`)) : resolve()),
      );
    });
  }

  /** Re-attaches detached subscriptions until all are back or the bus closes. One loop at a time. */
  private restoreSubscriptions(): void {
    if (this.closing.signal.aborted) return;
    if (this.restoring) {
      this.restoreAgain = true;
      return;
    }
    this.restoring = true;
    // Channels learn of a lost connection just before the connection itself does: wait a turn
    // so that the first attempt does not pick up the dead connection.
    setImmediate(() => void this.restoreLoop());
  }

  private async restoreLoop(): Promise<void> {
    let failures = 0;
    for (;;) {
      this.restoreAgain = false;
      const detached = [...this.consumers].filter((c) => !c.attached && !c.isClosed);
      if (detached.length === 0 || this.closing.signal.aborted) break;
      try {
        const model = await this.connection.get();
        for (const consumer of detached) await consumer.attach(model);
        failures = 0;
      } catch (e) {
        failures += 1;
        this.report(e);
        const delay = backoffDelay(failures, this.options.reconnectBaseMs ?? 200, this.options.reconnectMaxMs ?? 10_000);
        await sleep(delay, undefined, { signal: this.closing.signal }).catch(() => undefined);
      }
    }
    this.restoring = false;
    if (this.restoreAgain) this.restoreSubscriptions();
  }

  private report(error: unknown): void {
    try {
      this.onError(error);
    } catch {
      // A failing error reporter must not break the bus.
    }
  }
}
