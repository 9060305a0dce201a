import type { DomainEvent } from '../../../src/core/events/domain-event.js';
import type { OutboxFeed } from '../../../src/ports/outbox-feed.js';

/** An outbox that behaves per the OutboxFeed contract: claim in order, mark sent only on success. */
export class InMemoryOutboxFeed implements OutboxFeed {
  private readonly rows: { event: DomainEvent; sent: boolean; claimed: boolean }[] = [];
  relayCalls = 0;

  append(...events: DomainEvent[]): void {
    for (const event of events) this.rows.push({ event, sent: false, claimed: false });
  }

  unsent(): DomainEvent[] {
    return this.rows.filter((r) => !r.sent).map((r) => r.event);
  }

  async relay(limit: number, publish: (events: readonly DomainEvent[]) => Promise<void>): Promise<number> {
    this.relayCalls += 1;
    const batch = this.rows.filter((r) => !r.sent && !r.claimed).slice(0, limit);
    if (batch.length === 0) return 0;
    for (const r of batch) r.claimed = true;
    try {
      await publish(batch.map((r) => r.event));
      for (const r of batch) r.sent = true;
      return batch.length;
    } finally {
      for (const r of batch) r.claimed = false;
    }
  }

  async lagMillis(now: Date): Promise<number> {
    const oldest = this.rows.find((r) => !r.sent);
    return oldest ? Math.max(0, now.getTime() - oldest.event.occurredAt.getTime()) : 0;
  }
}
