import { afterAll, beforeAll } from 'vitest';
import { createShardedPostgres, type ShardedPostgresAdapter } from '../../../src/adapters/postgres/sharding/create-sharded-postgres.js';
import { ShardMap } from '../../../src/adapters/postgres/sharding/shard-map.js';
import { loadConfig } from '../../../src/app/config.js';
import { piiProtector } from '../../../src/app/pii.js';
import { describeAccountStoreContract } from '../../contract/account-store.contract.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';

let database: TestDatabase;
let postgres: ShardedPostgresAdapter;
beforeAll(async () => {
  database = await createTestDatabase();
  postgres = await createShardedPostgres({ map: ShardMap.single(database.url), poolSize: 4 });
  await postgres.migrate();
});
afterAll(async () => {
  await postgres?.close();
  await database?.drop();
});

describeAccountStoreContract('Postgres (the accounts shard)', async () => ({ store: postgres.accounts(piiProtector(loadConfig({}))), dispose: async () => undefined }));
