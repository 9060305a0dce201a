import type { UnitOfWork } from '../ports/unit-of-work.js';

/** A unit of work that calls `onCommit` after each committed one: here, to wake the outbox relay at once instead of at its next poll. */
export function afterCommit(inner: UnitOfWork, onCommit: () => void): UnitOfWork {
  return {
    async run(routingId, work) {
      const result = await inner.run(routingId, work);
      if (result.ok) onCommit();
      return result;
    },
  };
}
