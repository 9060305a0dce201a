import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { CachingAvailabilityReader } from '../../../src/adapters/cache/caching-availability-reader.js';
import { connectRedisAvailabilityCache } from '../../../src/adapters/cache/redis-availability-cache.js';
import { describeAvailabilityReaderContract } from '../../contract/availability-reader.contract.js';
import { REDIS_URL } from '../../support/redis.js';
import { shardedTestDatabases } from '../../support/sharded-postgres.js';
import { migratedTestDatabase } from './postgres-test-adapter.js';

describeAvailabilityReaderContract('Postgres', async () => {
  const db = await migratedTestDatabase();
  return { uow: db.postgres.uow, reader: db.postgres.availability, dispose: () => db.dispose() };
});

// The test's hotels alternate between the two shards: each shard answers its part, put back in the order asked.
describeAvailabilityReaderContract('sharded Postgres (two shards)', async () => {
  const sdb = await shardedTestDatabases(2);
  return { uow: sdb.postgres.uow, reader: sdb.postgres.availability, hotelId: (i) => sdb.hotelIdOn(i % 2), dispose: () => sdb.dispose() };
});

// As the app composes it: the second read of a stay is answered from Redis.
describeAvailabilityReaderContract('caching reader over Postgres and Redis', async () => {
  const db = await migratedTestDatabase();
  const prefix = `test-reader-${process.pid}-${randomBytes(4).toString('hex')}`;
  const redis = await connectRedisAvailabilityCache({ url: REDIS_URL, prefix, ttlMs: 60_000 });
  return {
    uow: db.postgres.uow,
    reader: new CachingAvailabilityReader(db.postgres.availability, redis.cache, (error) => {
      throw error;
    }),
    async dispose() {
      await redis.close();
      const admin = new Redis(REDIS_URL);
      const keys = await admin.keys(`${prefix}:*`);
      if (keys.length > 0) await admin.del(keys);
      await admin.quit();
      await db.dispose();
    },
  };
});
