import type { IdGenerator } from '../../src/ports/id-generator.js';

/** Predictable ids so failures read well. */
export function sequentialIds(): IdGenerator {
  let n = 0;
  const next = (prefix: string): string => `${prefix}_${String(++n).padStart(6, '0')}`;
  return {
    hotelId: () => next('htl'),
    roomTypeId: () => next('rt'),
    ratePlanId: () => next('rp'),
    reservationId: () => next('res'),
    eventId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    accountId: () => next('acc'),
    secret: () => next('secret').padEnd(43, 'x'),
  };
}
