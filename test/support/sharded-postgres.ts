import { randomInt, randomUUID } from 'node:crypto';
import pg from 'pg';
import { createShardedPostgres, type ShardedPostgresAdapter, type ShardedPostgresConfig } from '../../src/adapters/postgres/sharding/create-sharded-postgres.js';
import { ShardMap } from '../../src/adapters/postgres/sharding/shard-map.js';
import { BUCKET_COUNT, bucketTag } from '../../src/core/shared/routing-bucket.js';
import { testPii } from './pii.js';
import { createTestDatabase, type TestDatabase } from './postgres.js';

export interface ShardedTestDatabases {
  readonly databases: readonly TestDatabase[];
  readonly map: ShardMap;
  readonly postgres: ShardedPostgresAdapter;
  /** One plain client per shard, for checking where rows landed and SQL invariants. */
  readonly clients: readonly pg.Client[];
  /** A hotel id (with its bucket in it) that the map routes to shard `index`. */
  hotelIdOn(index: number): string;
  dispose(): Promise<void>;
}

/**
 * `count` fresh databases on the local test server as shards with the buckets split evenly (or by
 * `mapOf`), migrated, with a sharded adapter over them.
 */
export async function shardedTestDatabases(
  count = 2,
  options: { poolSize?: number; mapOf?: (dbs: readonly TestDatabase[]) => ShardMap; adapter?: Partial<ShardedPostgresConfig> } = {},
): Promise<ShardedTestDatabases> {
  const databases = await Promise.all(Array.from({ length: count }, () => createTestDatabase()));
  const map = options.mapOf ? options.mapOf(databases) : ShardMap.even(databases.map((db, i) => ({ name: `s${i}`, url: db.url })));
  const postgres = await createShardedPostgres({ map, poolSize: options.poolSize ?? 10, routeRefreshMs: 0, pii: testPii(), ...options.adapter });
  const clients: pg.Client[] = [];
  try {
    await postgres.migrate();
    for (const db of databases) {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      clients.push(client);
    }
  } catch (error) {
    await postgres.close();
    await Promise.all(databases.map((db) => db.drop()));
    throw error;
  }
  return {
    databases,
    map,
    postgres,
    clients,
    hotelIdOn(index) {
      const name = map.shards[index]?.name;
      for (;;) {
        const bucket = randomInt(BUCKET_COUNT);
        if (map.shardOf(bucket) === name) return `htl_${bucketTag(bucket)}_${randomUUID().replaceAll('-', '')}`;
      }
    },
    async dispose() {
      await Promise.all(clients.map((c) => c.end()));
      await postgres.close();
      await Promise.all(databases.map((db) => db.drop()));
    },
  };
}
