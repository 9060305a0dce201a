import type { MikroORM } from '@mikro-orm/postgresql';
import type { Pool } from 'pg';
import type { PiiProtector } from '../../../ports/pii-protector.js';
import type { GuestReservationReader } from '../../../ports/guest-reservations.js';
import type { AccountStore } from '../../../ports/account-store.js';
import type { GuestDataEraser } from '../../../ports/guest-data-eraser.js';
import { PostgresAccountStore } from '../account-store.js';
import { PostgresGuestDataEraser } from '../guest-data-eraser.js';
import { createPostgres, type MigrationReport, type PostgresAdapter } from '../create-postgres.js';
import { PostgresHoldSweep } from '../hold-sweep.js';
import { PostgresHotelDirectory } from '../hotel-directory.js';
import { createOrm } from '../orm.js';
import { releaseDeadConnections } from './pool-guard.js';
import { RoundRobinOutboxFeed } from './round-robin-outbox-feed.js';
import { FanOutGuestReservations, FanOutHotelSearch, ShardedAvailabilityReader, ShardedNotificationLog, type ShardReadFailure } from './sharded-readers.js';
import { readStale } from './read-connection.js';
import { ShardedUnitOfWork } from './sharded-unit-of-work.js';
import { KeyHomePools } from './key-homes.js';
import type { ShardMap } from './shard-map.js';
import { ShardRouter, type ShardConnections } from './shard-router.js';

export interface ShardedPostgresConfig {
  readonly map: ShardMap;
  /** Most connections per database (each primary and each replica); default 10. */
  readonly poolSize?: number;
  readonly debug?: boolean;
  /** How often bucket moves made by `npm run reshard` are picked up by readers; default 5 s, 0: never. */
  readonly routeRefreshMs?: number;
  /** A shard failed a read the answer could do without (search), or the outbox relay; for logging. */
  readonly onShardFailure?: ShardReadFailure;
  /** Called with each `pg` pool as it is created, named `<shard>` or `<shard>-replica<i>` (telemetry: query spans, pool gauges). */
  readonly onPoolCreated?: (pool: Pool, name: string) => void;
  /** Seals guest names and emails at rest (reservations, outbox payloads) and indexes emails; the same keys on every shard. */
  readonly pii: PiiProtector;
}

export interface ShardedPostgresAdapter extends PostgresAdapter {
  readonly guestReservations: GuestReservationReader;
  /** Anonymises a deleted account's reservations on every shard. */
  readonly guestEraser: GuestDataEraser;
  /** Accounts and API clients: global, on the first shard of the map (see M0012Accounts). */
  readonly accounts: AccountStore;
  readonly router: ShardRouter;
  /** Re-reads the bucket fences of every shard now (moves made by the re-shard command). */
  refreshRoutes(): Promise<void>;
}

/**
 * The Postgres adapter over a shard map: one pool per primary and per replica, a unit of work routed
 * by bucket, fan-out or grouped readers, one outbox feed over all shards. With a one-shard map it is
 * the single-database configuration. Connects lazily, like `createPostgres`.
 */
export async function createShardedPostgres(config: ShardedPostgresConfig): Promise<ShardedPostgresAdapter> {
  const orms: MikroORM[] = [];
  const onShardFailure = config.onShardFailure ?? (() => {});
  const open = async (url: string, name: string): Promise<MikroORM> => {
    const onPoolCreated = config.onPoolCreated;
    const orm = await createOrm({
      url,
      poolSize: config.poolSize ?? 10,
      debug: config.debug ?? false,
      ...(onPoolCreated ? { onPoolCreated: (pool: Pool) => onPoolCreated(pool, name) } : {}),
    });
    orms.push(orm);
    await releaseDeadConnections(orm);
    return orm;
  };
  let shards: ShardConnections[];
  try {
    shards = await Promise.all(
      config.map.shards.map(async (spec) => ({
        name: spec.name,
        primary: (await open(spec.url, spec.name)).em,
        replicas: await Promise.all(spec.replicas.map(async (url, i) => (await open(url, `${spec.name}-replica${i + 1}`)).em)),
      })),
    );
  } catch (error) {
    await Promise.allSettled(orms.map((orm) => orm.close()));
    throw error;
  }
  const router = new ShardRouter(config.map, shards);
  const homes = new KeyHomePools(config.map);
  const refreshRoutes = () => (router.multiShard ? router.refresh() : Promise.resolve());
  const refreshMs = config.routeRefreshMs ?? 5_000;
  const timer =
    router.multiShard && refreshMs > 0
      ? setInterval(() => {
          refreshRoutes().catch(() => undefined); // A shard that is down keeps the routes already known.
        }, refreshMs).unref()
      : undefined;

  return {
    router,
    uow: new ShardedUnitOfWork(router, config.pii, homes),
    hotelSearch: new FanOutHotelSearch(router, onShardFailure),
    availability: new ShardedAvailabilityReader(router, onShardFailure),
    notifications: new ShardedNotificationLog(router, config.pii),
    outboxFeed: new RoundRobinOutboxFeed(shards, config.pii, onShardFailure),
    guestReservations: new FanOutGuestReservations(router, config.pii),
    guestEraser: new PostgresGuestDataEraser(shards.map((shard) => shard.primary), config.pii),
    accounts: new PostgresAccountStore(accountsShard(shards).primary, config.pii),
    hotelDirectory: new PostgresHotelDirectory(router.shards.map((shard) => (read) => readStale(shard, read))),
    holds: {
      // Every shard's lapsed holds, soonest first; each is expired in its own unit of work on its shard.
      async lapsedHolds(now: Date, limit: number): Promise<string[]> {
        const perShard = await Promise.all(shards.map((shard) => new PostgresHoldSweep(shard.primary).lapsedHolds(now, limit)));
        return perShard.flat().slice(0, limit);
      },
    },
    refreshRoutes,

    async migrate(): Promise<MigrationReport> {
      // Every shard gets the same schema; the shards are independent, so they migrate in parallel.
      const reports = await Promise.all(
        config.map.shards.map(async (spec) => {
          // Two connections: the migrator reads its table beside the locked transaction (one would deadlock).
          const single = await createPostgres({ url: spec.url, poolSize: 2, pii: config.pii });
          try {
            return await single.migrate();
          } finally {
            await single.close();
          }
        }),
      );
      await refreshRoutes();
      return { applied: [...new Set(reports.flatMap((r) => r.applied))] };
    },

    async ping(timeoutMs = 2_000): Promise<boolean> {
      // Serving while one shard is down is right: that shard's hotels fail with UNAVAILABLE and the
      // others keep booking. Reporting the whole service down would take every hotel off the air.
      const answers = await Promise.all(shards.map((shard) => pingShard(shard, timeoutMs)));
      return answers.some(Boolean);
    },

    async hasHotels(): Promise<boolean> {
      const found = await Promise.all(
        shards.map(async (shard) => {
          const [row] = await shard.primary.fork().execute<{ found: boolean }[]>('select exists (select 1 from hotels) as found');
          return row?.found === true;
        }),
      );
      return found.some(Boolean);
    },

    async close(): Promise<void> {
      if (timer) clearInterval(timer);
      await Promise.all([...orms.map((orm) => orm.close()), homes.close()]);
    },
  };
}

function accountsShard(shards: readonly ShardConnections[]): ShardConnections {
  const [first] = shards;
  if (!first) throw new Error('the shard map has no shard');
  return first;
}

async function pingShard(shard: ShardConnections, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const probe = shard.primary
    .fork()
    .execute('select 1')
    .then(
      () => true,
      () => false,
    );
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
