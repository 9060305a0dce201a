import type { DomainEvent } from '../core/events/domain-event.js';

/**
 * The relay's side of the outbox. `relay` claims up to `limit` unsent events in append order
 * (skipping ones another relay holds), hands them to `publish`, and marks them sent only if
 * `publish` resolves; if it throws, they stay unsent and will be offered again. At least once.
 */
export interface OutboxFeed {
  relay(limit: number, publish: (events: readonly DomainEvent[]) => Promise<void>): Promise<number>;
  /** Age in milliseconds of the oldest unsent event, or 0. */
  lagMillis(now: Date): Promise<number>;
}
