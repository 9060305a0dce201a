import { randomUUID } from 'node:crypto';
import type { IdGenerator } from '../../ports/id-generator.js';

const compact = (): string => randomUUID().replaceAll('-', '');

/**
 * Random ids with a readable prefix per kind. One database for now: routing ignores ids; the sharding
 * work makes hotel-scoped ids carry the hotel's bucket.
 */
export const randomIdGenerator: IdGenerator = {
  hotelId: () => `htl_${compact()}`,
  roomTypeId: () => `rt_${compact()}`,
  reservationId: () => `res_${compact()}`,
  eventId: () => randomUUID(),
};
