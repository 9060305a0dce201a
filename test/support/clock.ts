import type { Clock } from '../../src/ports/clock.js';

/** A clock tests move by hand. */
export class FakeClock implements Clock {
  constructor(private current: Date) {}

  now(): Date {
    return new Date(this.current.getTime());
  }

  set(instant: Date): void {
    this.current = new Date(instant.getTime());
  }

  advanceMillis(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
