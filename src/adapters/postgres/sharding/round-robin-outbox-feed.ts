import type { DomainEvent } from '../../../core/events/domain-event.js';
import type { PiiProtector } from '../../../ports/pii-protector.js';
import type { OutboxFeed } from '../../../ports/outbox-feed.js';
import { PostgresOutboxFeed } from '../outbox-feed.js';
import { asUnavailable } from './connection-errors.js';
import type { ShardConnections } from './shard-router.js';

const MAX_BACKOFF_MS = 5_000;

/**
 * Every shard's outbox behind one feed, for one relay: each call relays a batch from the next shard
 * that has events, in turn, so a busy shard cannot starve the others. A shard whose database fails
 * is reported, skipped for a growing while (up to 5 s), and the other shards keep relaying; the call
 * throws when no shard could be read, or at once when `publish` throws (the relay backs off).
 */
export class RoundRobinOutboxFeed implements OutboxFeed {
  private next = 0;
  private readonly feeds: readonly { name: string; feed: PostgresOutboxFeed; failures: number; retryAt: number }[];

  constructor(
    shards: readonly ShardConnections[],
    pii: PiiProtector,
    private readonly onShardFailure: (shard: string, error: unknown) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {
    this.feeds = shards.map((s) => ({ name: s.name, feed: new PostgresOutboxFeed(s.primary, pii), failures: 0, retryAt: 0 }));
  }

  async relay(limit: number, publish: (events: readonly DomainEvent[]) => Promise<void>): Promise<number> {
    let lastError: unknown;
    let tried = 0;
    let failed = 0;
    for (let i = 0; i < this.feeds.length; i++) {
      const entry = this.feeds[(this.next + i) % this.feeds.length];
      if (!entry || entry.retryAt > this.now()) continue;
      tried++;
      let publishFailed = false;
      try {
        const n = await entry.feed.relay(limit, (events) =>
          publish(events).catch((error: unknown) => {
            publishFailed = true;
            throw error;
          }),
        );
        entry.failures = 0;
        entry.retryAt = 0;
        if (n > 0) {
          this.next = (this.next + i + 1) % this.feeds.length;
          return n;
        }
      } catch (error) {
        // The bus refused the batch: not this shard's fault; the relay backs off and offers it again.
        if (publishFailed) throw error;
        lastError = asUnavailable(error, entry.name);
        failed++;
        entry.failures++;
        entry.retryAt = this.now() + Math.min(MAX_BACKOFF_MS, 100 * 2 ** entry.failures);
        this.onShardFailure(entry.name, error);
      }
    }
    if (tried > 0 && failed === tried) throw lastError;
    return 0;
  }

  async lagMillis(now: Date): Promise<number> {
    const lags = await Promise.all(this.feeds.map((f) => f.feed.lagMillis(now).catch(() => 0)));
    return Math.max(0, ...lags);
  }
}
