import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { BUCKET_COUNT, bucketOf, bucketTag } from '../../core/shared/routing-bucket.js';
import type { IdGenerator } from '../../ports/id-generator.js';

const compact = (): string => randomUUID().replaceAll('-', '');

/**
 * Random ids with a readable prefix per kind. A new hotel gets a random bucket (of 1,024) written
 * into its id; ids minted for a hotel carry the same bucket, so they route to the hotel's shard.
 */
export const randomIdGenerator: IdGenerator = {
  hotelId: () => `htl_${bucketTag(randomInt(BUCKET_COUNT))}_${compact()}`,
  roomTypeId: (hotelId) => `rt_${bucketTag(bucketOf(hotelId))}_${compact()}`,
  ratePlanId: (hotelId) => `rp_${bucketTag(bucketOf(hotelId))}_${compact()}`,
  reservationId: (hotelId) => `res_${bucketTag(bucketOf(hotelId))}_${compact()}`,
  eventId: () => randomUUID(),
  accountId: () => `acc_${compact()}`,
  secret: () => randomBytes(32).toString('base64url'),
};
