/** The current instant. The core never reads the system clock itself, so tests can move time. */
export interface Clock {
  now(): Date;
}
