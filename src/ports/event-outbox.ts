import type { DomainEvent } from '../core/events/domain-event.js';

/** Appends events inside a unit of work: they are committed with the change or not at all. */
export interface EventOutbox {
  append(events: readonly DomainEvent[]): Promise<void>;
}
