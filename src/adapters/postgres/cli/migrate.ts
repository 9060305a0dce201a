import { createPostgres, NO_PII } from '../create-postgres.js';
import { createShardedPostgres } from '../sharding/create-sharded-postgres.js';
import { readShardMap } from '../sharding/shard-map.js';

/** `npm run migrate`: applies pending migrations to every shard of SHARD_MAP, or to DATABASE_URL, and exits. */
async function main(): Promise<void> {
  const shardMap = process.env['SHARD_MAP'];
  if (shardMap) {
    const sharded = await createShardedPostgres({ map: readShardMap(shardMap), poolSize: 2, routeRefreshMs: 0, pii: NO_PII });
    try {
      const { applied } = await sharded.migrate();
      console.log(applied.length === 0 ? 'schema is up to date on every shard' : `applied ${applied.join(', ')}`);
    } finally {
      await sharded.close();
    }
    return;
  }
  const url = process.env['DATABASE_URL'];
  if (!url) {
    console.error('DATABASE_URL is not set (postgres://user:password@host:port/database)');
    process.exitCode = 2;
    return;
  }
  const postgres = await createPostgres({ url, poolSize: 2, pii: NO_PII });
  try {
    const { applied } = await postgres.migrate();
    console.log(applied.length === 0 ? 'schema is up to date' : `applied ${applied.join(', ')}`);
  } finally {
    await postgres.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
