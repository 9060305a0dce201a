import type { EntityManager } from '@mikro-orm/postgresql';
import { asUnavailable, isConnectionError } from './connection-errors.js';
import type { ShardConnections } from './shard-router.js';

const nextReplica = new WeakMap<ShardConnections, number>();

/**
 * Runs a read that tolerates staleness on one of the shard's replicas (round robin), or on the
 * primary when the shard has none. A replica that cannot be reached is skipped for the primary, so a
 * lost replica costs freshness of nothing and availability of nothing. Never used on the booking path.
 */
export async function readStale<T>(shard: ShardConnections, read: (em: EntityManager) => Promise<T>): Promise<T> {
  if (shard.replicas.length > 0) {
    const i = nextReplica.get(shard) ?? 0;
    nextReplica.set(shard, (i + 1) % shard.replicas.length);
    const replica = shard.replicas[i % shard.replicas.length] as EntityManager;
    try {
      return await read(replica.fork({ clear: true }));
    } catch (error) {
      if (!isConnectionError(error)) throw error;
    }
  }
  try {
    return await read(shard.primary.fork({ clear: true }));
  } catch (error) {
    throw asUnavailable(error, shard.name);
  }
}
