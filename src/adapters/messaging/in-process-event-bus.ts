import type { DomainEvent } from '../../core/events/domain-event.js';
import type { EventBus, EventHandler, Subscription } from '../../ports/event-bus.js';
import { fromEventMessage, toEventMessage } from './event-message.mapper.js';
import { traceDelivery, tracePublish } from './message-tracing.js';

export interface InProcessEventBusOptions {
  /** Handler attempts before an event is given up as dead. Default 5. */
  readonly maxAttempts?: number;
  /** Delay before a failed event is offered again. Default 100. */
  readonly retryDelayMs?: number;
  /** An event whose handler failed `maxAttempts` times. Default: console.error. */
  readonly onDeadLetter?: (dead: DeadEvent) => void;
}

export interface DeadEvent {
  readonly consumer: string;
  readonly event: DomainEvent;
  readonly attempts: number;
  readonly error: unknown;
}

/**
 * `EventBus` without a broker (the embedded default), shaped like the RabbitMQ one: `publish`
 * resolves once the events are queued, each consumer gets them asynchronously in publish order
 * (one at a time), and a failed event goes to the back after `retryDelayMs`, so later events are
 * not held up; after `maxAttempts` it is reported dead and dropped.
 *
 * Trade-off: the queues live in memory. The outbox marks events sent when `publish` resolves, so
 * events queued here but not yet handled are lost if the process dies: delivery is at least once
 * while the process lives and best effort across a crash. Deployments that need more use the
 * RabbitMQ bus; the same outbox and consumers work with either.
 *
 * Events are copied through the broker message mapper, so handlers see exactly what they would
 * get from RabbitMQ (and a payload that does not survive JSON fails here too).
 */
export class InProcessEventBus implements EventBus {
  private readonly consumers = new Map<string, ConsumerQueue>();
  private closed = false;

  constructor(private readonly options: InProcessEventBusOptions = {}) {}

  async publish(events: readonly DomainEvent[]): Promise<void> {
    if (this.closed) throw new Error('event bus closed');
    for (const event of events) {
      // Same trace headers as on RabbitMQ: the consumer's span continues the publisher's trace.
      await tracePublish(
        'in-process',
        event,
        async (trace) => {
          const message = toEventMessage(event, trace);
          for (const consumer of this.consumers.values()) {
            if (consumer.wants(message.type)) consumer.enqueue({ event: fromEventMessage(message.body), attempt: 1, headers: message.headers });
          }
        },
        'in-process',
      );
    }
  }

  async subscribe(consumer: string, types: readonly string[], handler: EventHandler): Promise<Subscription> {
    if (this.closed) throw new Error('event bus closed');
    if (this.consumers.has(consumer)) throw new Error(`consumer ${consumer} is already subscribed`);
    const queue = new ConsumerQueue(consumer, new Set(types), handler, {
      maxAttempts: this.options.maxAttempts ?? 5,
      retryDelayMs: this.options.retryDelayMs ?? 100,
      onDeadLetter: this.options.onDeadLetter ?? ((d) => console.error(`[messaging] event ${d.event.id} dead for ${d.consumer} after ${d.attempts} attempts`, d.error)),
    });
    this.consumers.set(consumer, queue);
    return {
      close: async () => {
        if (this.consumers.get(consumer) === queue) this.consumers.delete(consumer);
        await queue.close();
      },
    };
  }

  /** Resolves when no consumer has anything queued, in flight or waiting to be retried. */
  async idle(): Promise<void> {
    while ([...this.consumers.values()].some((c) => c.busy)) {
      await Promise.all([...this.consumers.values()].map((c) => c.idle()));
    }
  }

  /** Stops accepting events, waits for handlers already running; queued events are dropped. */
  async close(): Promise<void> {
    this.closed = true;
    const consumers = [...this.consumers.values()];
    this.consumers.clear();
    await Promise.all(consumers.map((c) => c.close()));
  }
}

interface Delivery {
  readonly event: DomainEvent;
  readonly attempt: number;
  readonly headers: Readonly<Record<string, string | number>>;
}

interface QueueSettings {
  readonly maxAttempts: number;
  readonly retryDelayMs: number;
  readonly onDeadLetter: (dead: DeadEvent) => void;
}

class ConsumerQueue {
  private readonly queue: Delivery[] = [];
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private draining: Promise<void> | null = null;
  private closed = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly name: string,
    private readonly types: ReadonlySet<string>,
    private readonly handler: EventHandler,
    private readonly settings: QueueSettings,
  ) {}

  get busy(): boolean {
    return this.draining !== null || this.queue.length > 0 || this.retryTimers.size > 0;
  }

  wants(type: string): boolean {
    return this.types.has(type);
  }

  enqueue(delivery: Delivery): void {
    if (this.closed) return;
    this.queue.push(delivery);
    // Deliver on a later turn, never inside the publisher's call.
    this.draining ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.drain());
  }

  idle(): Promise<void> {
    return this.busy ? new Promise((resolve) => this.idleWaiters.push(resolve)) : Promise.resolve();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    await this.draining;
    this.notifyIfIdle();
  }

  private async drain(): Promise<void> {
    for (let next = this.queue.shift(); next && !this.closed; next = this.queue.shift()) await this.deliver(next);
    this.draining = null;
    this.notifyIfIdle();
  }

  private async deliver({ event, attempt, headers }: Delivery): Promise<void> {
    try {
      await traceDelivery(this.name, headers, event, attempt, () => this.handler(event), 'in-process');
    } catch (error) {
      if (attempt >= this.settings.maxAttempts) {
        try {
          this.settings.onDeadLetter({ consumer: this.name, event, attempts: attempt, error });
        } catch {
          // Reporting must not stop the queue.
        }
        return;
      }
      const timer = setTimeout(() => {
        this.retryTimers.delete(timer);
        this.enqueue({ event, attempt: attempt + 1, headers });
        this.notifyIfIdle();
      }, this.settings.retryDelayMs);
      this.retryTimers.add(timer);
    }
  }

  private notifyIfIdle(): void {
    if (this.busy) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
