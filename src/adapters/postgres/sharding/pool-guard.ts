import type { MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';

type PoolClient = pg.PoolClient & { release(err?: Error | boolean): void };

/**
 * Gives the pool back a connection that died while checked out. Kysely releases a transaction's
 * connection only after COMMIT or ROLLBACK succeeded, so when the server goes away mid-transaction
 * the rollback fails and the connection stays checked out for ever: each network blip would shrink
 * the pool by one, and closing the pool would wait for ever. On the connection's `end` we release it
 * with an error, which makes pg-pool discard it.
 */
export async function releaseDeadConnections(orm: MikroORM): Promise<void> {
  const pool = (await orm.em.getConnection().getNativeClient()) as pg.Pool;
  const checkedOut = new Set<PoolClient>();
  pool.on('acquire', (client) => checkedOut.add(client as PoolClient));
  pool.on('release', (_err, client) => checkedOut.delete(client as PoolClient));
  pool.on('connect', (client) => {
    client.on('end', () => {
      const held = client as PoolClient;
      if (!checkedOut.delete(held)) return;
      try {
        held.release(new Error('connection ended while checked out'));
      } catch {
        // Already released by its holder meanwhile.
      }
    });
  });
}
