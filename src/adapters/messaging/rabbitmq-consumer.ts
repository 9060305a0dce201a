import type { ChannelModel, ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import type { EventHandler, Subscription } from '../../ports/event-bus.js';
import { backoffDelay } from './backoff.js';
import { HEADER, fromEventMessage } from './event-message.mapper.js';
import { traceDelivery } from './message-tracing.js';
import { declareConsumerTopology, type ConsumerTopology } from './rabbitmq-topology.js';

export interface RabbitMqConsumerOptions {
  readonly exchange: string;
  readonly names: ConsumerTopology;
  readonly types: readonly string[];
  readonly handler: EventHandler;
  readonly prefetch: number;
  readonly maxAttempts: number;
  /** Delay before the first retry; each further retry waits twice as long, up to `retryMaxDelayMs`. */
  readonly retryDelayMs: number;
  readonly retryMaxDelayMs: number;
  readonly onError: (error: unknown) => void;
  /** Called when the channel went away without `close()`: the bus re-attaches the consumer. */
  readonly onDetached: (consumer: RabbitMqConsumer) => void;
}

/** A handler failed `attempts` times; the message went to the consumer's dead-letter queue. */
export class EventDeadLettered extends Error {
  override readonly name = 'EventDeadLettered';
  constructor(
    readonly consumer: string,
    readonly eventId: string,
    readonly attempts: number,
    cause: unknown,
  ) {
    super(`event ${eventId} dead-lettered for ${consumer} after ${attempts} attempts`, { cause });
  }
}

/**
 * One subscription: a confirm channel consuming the consumer's work queue with manual acks.
 * Handlers run concurrently up to `prefetch`, so there is no ordering guarantee; a failure is
 * republished to the retry queue (confirmed) before the original is acked, and after
 * `maxAttempts` the message is rejected into the dead-letter queue. If the channel or
 * connection drops, unacked messages return to the queue (delivered again: at least once).
 */
export class RabbitMqConsumer implements Subscription {
  private channel: ConfirmChannel | null = null;
  private consumerTag: string | null = null;
  private closing = false;
  private attaching: Promise<void> | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly types: ReadonlySet<string>;

  constructor(private readonly options: RabbitMqConsumerOptions) {
    this.types = new Set(options.types);
  }

  get attached(): boolean {
    return this.channel !== null;
  }

  get isClosed(): boolean {
    return this.closing;
  }

  get topology(): ConsumerTopology {
    return this.options.names;
  }

  /** Declares the topology and starts consuming on a fresh channel of `model`. */
  attach(model: ChannelModel): Promise<void> {
    if (this.closing || this.channel) return Promise.resolve();
    if (!this.attaching) {
      const attaching = this.attachTo(model);
      this.attaching = attaching;
      const clear = (): void => {
        if (this.attaching === attaching) this.attaching = null;
      };
      attaching.then(clear, clear);
    }
    return this.attaching;
  }

  private async attachTo(model: ChannelModel): Promise<void> {
    const { exchange, names, types, prefetch, retryMaxDelayMs } = this.options;
    const channel = await model.createConfirmChannel();
    channel.on('error', (e: Error) => this.report(e));
    channel.on('close', () => {
      if (this.channel !== channel) return;
      this.channel = null;
      this.consumerTag = null;
      if (!this.closing) this.options.onDetached(this);
    });
    try {
      await declareConsumerTopology(channel, exchange, names, types, retryMaxDelayMs);
      await channel.prefetch(prefetch);
      this.channel = channel;
      const { consumerTag } = await channel.consume(names.queue, (msg) => {
        // null: the broker cancelled the consumer (e.g. the queue was deleted). Start over.
        if (msg === null) void channel.close().catch(() => undefined);
        else this.track(this.deliver(channel, msg));
      });
      this.consumerTag = consumerTag;
    } catch (e) {
      if (this.channel === channel) this.channel = null;
      await channel.close().catch(() => undefined);
      throw e;
    }
  }

  /** Stops consuming, lets in-flight handlers finish (and ack), then closes the channel. */
  async close(): Promise<void> {
    this.closing = true;
    await this.attaching?.catch(() => undefined);
    const channel = this.channel;
    const tag = this.consumerTag;
    if (channel && tag) await channel.cancel(tag).catch(() => undefined);
    await Promise.allSettled([...this.inFlight]);
    this.channel = null;
    this.consumerTag = null;
    await channel?.close().catch(() => undefined);
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async deliver(channel: ConfirmChannel, msg: ConsumeMessage): Promise<void> {
    try {
      let event;
      try {
        event = fromEventMessage(msg.content);
      } catch (e) {
        // Retrying cannot fix a malformed message: straight to the dead-letter queue.
        this.report(e);
        channel.nack(msg, false, false);
        return;
      }
      if (!this.types.has(event.type)) {
        // Still bound from an earlier subscription with more types.
        channel.ack(msg);
        return;
      }
      const attempt = attemptOf(msg);
      try {
        await traceDelivery(this.options.names.queue, msg.properties.headers, event, attempt, () => this.options.handler(event));
      } catch (e) {
        if (attempt >= this.options.maxAttempts) {
          this.report(new EventDeadLettered(this.options.names.queue, event.id, attempt, e));
          channel.nack(msg, false, false);
        } else {
          try {
            await this.scheduleRetry(channel, msg, attempt + 1);
          } catch (retryError) {
            // The retry queue refused it: hand it back to the work queue now rather than hold it.
            // The broker's redelivery limit bounds this loop.
            this.report(retryError);
            channel.nack(msg, false, true);
            return;
          }
          channel.ack(msg);
        }
        return;
      }
      channel.ack(msg);
    } catch (e) {
      // Typically the channel closed under us: the broker redelivers the unacked message.
      this.report(e);
    }
  }

  /**
   * Parks the message in the retry queue with a per-message TTL growing exponentially with the
   * attempt (`retryDelayMs`, x2, x4, ... capped by `retryMaxDelayMs`, minus up to 20 % jitter).
   * RabbitMQ expires messages only at the head of a queue, so a short delay queued behind a long
   * one waits for it: a retry is never early, at worst late by the longer delay.
   */
  private scheduleRetry(channel: ConfirmChannel, msg: ConsumeMessage, nextAttempt: number): Promise<void> {
    const { properties } = msg;
    const headers: Record<string, unknown> = {};
    // Broker-set `x-` headers stay behind: a copied x-death would look like a dead-letter cycle.
    for (const [k, v] of Object.entries(properties.headers ?? {})) if (!k.startsWith('x-')) headers[k] = v;
    headers[HEADER.attempt] = nextAttempt;
    const delay = backoffDelay(nextAttempt - 1, this.options.retryDelayMs, this.options.retryMaxDelayMs);
    const options: Options.Publish = { persistent: true, headers, expiration: String(delay) };
    if (properties.messageId !== undefined) options.messageId = properties.messageId;
    if (properties.type !== undefined) options.type = properties.type;
    if (properties.timestamp !== undefined) options.timestamp = properties.timestamp;
    if (properties.contentType !== undefined) options.contentType = properties.contentType;
    return new Promise((resolve, reject) => {
      channel.sendToQueue(this.options.names.retryQueue, msg.content, options, (err: unknown) =>
        err ? reject(err instanceof Error ? err : new Error('retry publish not confirmed')) : resolve(),
      );
    });
  }

  private report(error: unknown): void {
    try {
      this.options.onError(error);
    } catch {
      // A failing error reporter must not take the consumer down.
    }
  }
}

function attemptOf(msg: ConsumeMessage): number {
  const value: unknown = msg.properties.headers?.[HEADER.attempt];
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : 1;
}
