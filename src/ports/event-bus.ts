import type { DomainEvent } from '../core/events/domain-event.js';

export type EventHandler = (event: DomainEvent) => Promise<void>;

export interface Subscription {
  close(): Promise<void>;
}

/**
 * Delivers events to named consumers at least once. `publish` resolves only when the broker has
 * taken responsibility for every event (publisher confirms). A handler that throws gets the
 * event again later; handlers must be idempotent.
 */
export interface EventBus {
  publish(events: readonly DomainEvent[]): Promise<void>;
  subscribe(consumer: string, types: readonly string[], handler: EventHandler): Promise<Subscription>;
  close(): Promise<void>;
}
