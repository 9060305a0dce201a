/**
 * Exponential back-off: `baseMs` after the first failure, doubling up to `maxMs`, with up to 20 %
 * jitter taken off so that instances failing together do not retry in lock-step.
 */
export function backoffDelay(failures: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  if (failures <= 0) return 0;
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 30));
  return Math.round(exponential * (1 - 0.2 * random()));
}
