import { afterAll, beforeAll } from 'vitest';
import { describeIdempotencyStoreContract } from '../../../contract/idempotency-store.contract.js';
import { describeInventoryContract } from '../../../contract/inventory-repository.contract.js';
import { describeNotificationLogContract } from '../../../contract/notification-log.contract.js';
import { describeOutboxContract } from '../../../contract/outbox.contract.js';
import { describeUnitOfWorkContract } from '../../../contract/unit-of-work.contract.js';
import { shardedTestDatabases, type ShardedTestDatabases } from '../../../support/sharded-postgres.js';

// The port contracts hold for the sharded adapter too. The contract fixtures mint ids without a
// bucket, independently for a hotel and its reservations, so they run on a one-shard map (the
// DATABASE_URL configuration); routing across two shards is covered by the sharding tests.
let sdb: ShardedTestDatabases;
beforeAll(async () => {
  sdb = await shardedTestDatabases(1);
});
afterAll(async () => {
  await sdb?.dispose();
});

const shared = async () => ({ uow: sdb.postgres.uow, dispose: async () => undefined });

describeUnitOfWorkContract('sharded Postgres (one shard)', shared);
describeInventoryContract('sharded Postgres (one shard)', shared);
describeIdempotencyStoreContract('sharded Postgres (one shard)', shared);
describeOutboxContract('sharded Postgres (one shard)', async () => ({ uow: sdb.postgres.uow, outboxFeed: sdb.postgres.outboxFeed, dispose: async () => undefined }));
describeNotificationLogContract('sharded Postgres (one shard)', async () => ({ notifications: sdb.postgres.notifications, dispose: async () => undefined }));
