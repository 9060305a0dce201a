import { setTimeout as sleep } from 'node:timers/promises';
import type { EventBus } from '../../ports/event-bus.js';
import type { OutboxFeed } from '../../ports/outbox-feed.js';
import { backoffDelay } from './backoff.js';

export interface OutboxRelayDeps {
  readonly feed: OutboxFeed;
  readonly bus: EventBus;
  /** Events per `publish`. Default 100. */
  readonly batchSize?: number;
  /** Wait after an empty batch, and the first wait after a failure. Default 200. */
  readonly idleDelayMs?: number;
  /** Cap of the back-off after consecutive failures. Default 5000. */
  readonly maxBackoffMs?: number;
  /** A failed batch (the events stay unsent and are offered again). Default: console.error. */
  readonly onError?: (error: unknown) => void;
}

/**
 * Moves committed events from the outbox to the bus: at least once, because the feed marks
 * events sent only after `publish` resolved (i.e. the broker confirmed them).
 *
 * The loop relays full batches back to back, then polls every `idleDelayMs`; `kick()` (called
 * after a commit) cuts the idle wait short so events leave without polling latency. After a
 * failure it backs off exponentially up to `maxBackoffMs`, and kicks do not shorten that wait:
 * a broker outage should not turn every commit into a reconnect attempt.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly idleDelayMs: number;
  private readonly maxBackoffMs: number;
  private readonly onError: (error: unknown) => void;
  private loop: Promise<void> | null = null;
  private stopping: AbortController | null = null;
  private wake: AbortController | null = null;
  private kicked = false;
  /** Batches run one at a time, whether from the loop or `drainOnce`. */
  private batches: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: OutboxRelayDeps) {
    this.batchSize = deps.batchSize ?? 100;
    this.idleDelayMs = deps.idleDelayMs ?? 200;
    this.maxBackoffMs = deps.maxBackoffMs ?? 5_000;
    this.onError = deps.onError ?? ((e) => console.error('[outbox-relay]', e));
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new RangeError('batchSize must be a positive integer');
  }

  get running(): boolean {
    return this.loop !== null;
  }

  start(): void {
    if (this.loop) return;
    const stopping = new AbortController();
    this.stopping = stopping;
    this.loop = this.run(stopping.signal);
  }

  /** Ends the loop promptly: interrupts the wait and awaits the batch in flight, if any. */
  async stop(): Promise<void> {
    const loop = this.loop;
    if (!loop) return;
    this.stopping?.abort();
    await loop;
    this.loop = null;
    this.stopping = null;
  }

  /** New events were committed: relay them now instead of at the next poll. */
  kick(): void {
    this.kicked = true;
    this.wake?.abort();
  }

  /** Relays batches until the outbox is empty; returns how many events were published. Throws on failure. */
  async drainOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.relayBatch();
      total += n;
      if (n < this.batchSize) return total;
    }
  }

  private relayBatch(): Promise<number> {
    const batch = this.batches.then(() => this.deps.feed.relay(this.batchSize, (events) => this.deps.bus.publish(events)));
    this.batches = batch.catch(() => undefined);
    return batch;
  }

  private async run(stopped: AbortSignal): Promise<void> {
    let failures = 0;
    while (!stopped.aborted) {
      this.kicked = false;
      let delay: number;
      try {
        const n = await this.relayBatch();
        failures = 0;
        if (n >= this.batchSize) continue;
        delay = this.idleDelayMs;
      } catch (e) {
        failures += 1;
        this.report(e);
        delay = backoffDelay(failures, this.idleDelayMs, this.maxBackoffMs);
      }
      // A kick that arrived during the batch may be for an event the batch did not see.
      if (failures === 0 && this.kicked) continue;
      await this.pause(delay, stopped, failures === 0);
    }
  }

  private async pause(ms: number, stopped: AbortSignal, wakeOnKick: boolean): Promise<void> {
    const wake = new AbortController();
    if (wakeOnKick) this.wake = wake;
    try {
      await sleep(ms, undefined, { signal: AbortSignal.any([stopped, wake.signal]) });
    } catch {
      // Woken early by stop() or kick().
    } finally {
      if (this.wake === wake) this.wake = null;
    }
  }

  private report(error: unknown): void {
    try {
      this.onError(error);
    } catch {
      // A failing reporter must not end the loop.
    }
  }
}
