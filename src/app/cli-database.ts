import { createShardedPostgres, type ShardedPostgresAdapter } from '../adapters/postgres/sharding/create-sharded-postgres.js';
import { startEmbeddedShards } from '../adapters/postgres/sharding/embedded-shards.js';
import { ShardMap } from '../adapters/postgres/sharding/shard-map.js';
import type { Config } from './config.js';
import { piiProtectorOf } from './pii.js';

/**
 * The database of a command-line tool (`npm run reindex`, `npm run seed`), found the way `npm start`
 * finds it: SHARD_MAP, else DATABASE_URL, else the embedded shards in EMBEDDED_PG_DIR (started here,
 * so stop `npm start` first or point DATABASE_URL at its shards).
 */
export async function openCliDatabase(config: Config, log: (line: string) => void): Promise<{ postgres: ShardedPostgresAdapter; close(): Promise<void> }> {
  let stopEmbedded: (() => Promise<void>) | undefined;
  let map = config.shardMap ?? (config.databaseUrl ? ShardMap.single(config.databaseUrl) : undefined);
  if (!map) {
    log(`starting the ${config.embeddedShards} embedded PostgreSQL shards in ${config.embeddedPgDir} (no DATABASE_URL or SHARD_MAP)`);
    const embedded = await startEmbeddedShards({ dir: config.embeddedPgDir, basePort: config.embeddedPgPort, count: config.embeddedShards });
    stopEmbedded = () => embedded.stop();
    map = embedded.map;
  }
  try {
    const postgres = await createShardedPostgres({ map, poolSize: 8, routeRefreshMs: 0, pii: piiProtectorOf(config, log) });
    await postgres.migrate();
    return {
      postgres,
      async close() {
        await postgres.close();
        await stopEmbedded?.();
      },
    };
  } catch (error) {
    await stopEmbedded?.();
    throw error;
  }
}

/** A one-line progress bar on a terminal, a line per tenth otherwise (CI logs). */
export function progressPrinter(what: string): (done: number, total: number) => void {
  const started = Date.now();
  let lastTenth = -1;
  return (done, total) => {
    const fraction = total === 0 ? 1 : done / total;
    const rate = Math.round(done / Math.max(0.001, (Date.now() - started) / 1000));
    const text = `${String(done).padStart(String(total).length)}/${total} ${what} (${Math.floor(fraction * 100)}%, ${rate}/s)`;
    if (process.stderr.isTTY) {
      const width = 30;
      const filled = Math.round(fraction * width);
      process.stderr.write(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${text}${done === total ? '\n' : ''}`);
    } else if (Math.floor(fraction * 10) > lastTenth || done === total) {
      lastTenth = Math.floor(fraction * 10);
      process.stderr.write(`${text}\n`);
    }
  };
}
