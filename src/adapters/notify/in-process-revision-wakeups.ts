import type { RevisionWakeups } from '../../ports/revision-wakeups.js';

/**
 * Wakes this process's streams when this process records a revision. A revision recorded by
 * another process (a separate worker) is picked up at the latest after `fallbackMs`: waiters
 * re-read the store then anyway.
 */
export class InProcessRevisionWakeups implements RevisionWakeups {
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(private readonly fallbackMs = 1_000) {}

  arm(hotelId: string, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const set = this.waiters.get(hotelId) ?? new Set<() => void>();
      this.waiters.set(hotelId, set);
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        set.delete(done);
        if (set.size === 0 && this.waiters.get(hotelId) === set) this.waiters.delete(hotelId);
        resolve();
      };
      const timer = setTimeout(done, this.fallbackMs);
      timer.unref();
      set.add(done);
      if (signal?.aborted) done();
      else signal?.addEventListener('abort', done, { once: true });
    });
  }

  notify(hotelId: string): void {
    for (const wake of [...(this.waiters.get(hotelId) ?? [])]) wake();
  }
}
