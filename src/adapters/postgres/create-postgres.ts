import type { AvailabilityReader } from '../../ports/availability-reader.js';
import type { HoldSweep } from '../../ports/hold-sweep.js';
import type { HotelDirectory } from '../../ports/hotel-directory.js';
import type { HotelSearch } from '../../ports/hotel-search.js';
import type { NotificationLog } from '../../ports/notification-log.js';
import type { OutboxFeed } from '../../ports/outbox-feed.js';
import type { Pool } from 'pg';
import type { PiiProtector } from '../../ports/pii-protector.js';
import type { UnitOfWork } from '../../ports/unit-of-work.js';
import { PostgresAvailabilityReader } from './availability-reader.js';
import { PostgresHoldSweep } from './hold-sweep.js';
import { PostgresHotelDirectory, readOn } from './hotel-directory.js';
import { PostgresHotelSearch } from './hotel-search.js';
import { PostgresNotificationLog } from './notification-log.js';
import { createOrm } from './orm.js';
import { PostgresOutboxFeed } from './outbox-feed.js';
import { PostgresUnitOfWork } from './unit-of-work.js';

export interface PostgresConfig {
  /** postgres://user:password@host:port/database */
  readonly url: string;
  /** Most connections the pool opens; default 10. */
  readonly poolSize?: number;
  /** Logs every query (MikroORM debug logging). */
  readonly debug?: boolean;
  /** Called with the `pg` pool when the first connection opens it (query spans, pool gauges). */
  readonly onPoolCreated?: (pool: Pool) => void;
  /** Seals guest names and emails in reservations and outbox payloads, and indexes emails. */
  readonly pii: PiiProtector;
}

export interface PostgresAdapter {
  readonly uow: UnitOfWork;
  readonly hotelSearch: HotelSearch;
  readonly availability: AvailabilityReader;
  readonly notifications: NotificationLog;
  readonly outboxFeed: OutboxFeed;
  readonly holds: HoldSweep;
  /** Hotels across every database, for administrators' listings. */
  readonly hotelDirectory: HotelDirectory;
  /** Applies pending migrations; safe to call from several processes at once. */
  migrate(): Promise<MigrationReport>;
  /** True when the database answers a trivial query within `timeoutMs` (default 2 s): for health checks. Never throws. */
  ping(timeoutMs?: number): Promise<boolean>;
  /** Whether any hotel exists (the composition root seeds demo data into an empty database). */
  hasHotels(): Promise<boolean>;
  /** Closes the pool; waits for connections to be returned. */
  close(): Promise<void>;
}

export interface MigrationReport {
  /** Names of the migrations this call applied, in order (empty when the schema was current). */
  readonly applied: readonly string[];
}

/**
 * For tools that touch no personal data (`npm run migrate`, health probes): any use throws, so a
 * tool that starts reading guests without keys fails loudly instead of storing plaintext.
 */
export const NO_PII: PiiProtector = {
  seal: refusePii,
  open: refusePii,
  emailIndex: refusePii,
  isStale: refusePii,
};

function refusePii(): never {
  throw new Error('this tool was built without PII keys: it must not read or write guest personal data');
}

// Any fixed 64-bit number shared by every process that migrates this schema.
const MIGRATION_LOCK_KEY = 4_242_001;

/**
 * Builds the Postgres adapter over one database. Connects lazily: the first query (or `ping`)
 * opens the pool. Nothing is created on import; every call builds its own ORM instance.
 */
export async function createPostgres(config: PostgresConfig): Promise<PostgresAdapter> {
  const orm = await createOrm(config);
  const em = orm.em;

  return {
    uow: new PostgresUnitOfWork(em, config.pii),
    hotelSearch: new PostgresHotelSearch(em),
    availability: new PostgresAvailabilityReader(em),
    notifications: new PostgresNotificationLog(em, config.pii),
    outboxFeed: new PostgresOutboxFeed(em, config.pii),
    holds: new PostgresHoldSweep(em),
    hotelDirectory: new PostgresHotelDirectory([readOn(em)]),

    async migrate(): Promise<MigrationReport> {
      // One transaction for all pending migrations, serialised across processes by an advisory lock
      // (two replicas starting together would otherwise both try to create the tables).
      const tx = em.fork({ clear: true });
      const applied = await tx.transactional(async (inner) => {
        await inner.execute('select pg_advisory_xact_lock(:key)', { key: MIGRATION_LOCK_KEY });
        const ctx = inner.getTransactionContext();
        return orm.migrator.up(ctx ? { transaction: ctx } : {});
      });
      return { applied: applied.map((migration) => migration.name) };
    },

    async ping(timeoutMs = 2_000): Promise<boolean> {
      // Not orm.checkConnection(): it reports a pool that was never opened (lazy connect) as down.
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const probe = em
        .fork()
        .execute('select 1')
        .then(() => true, () => false);
      try {
        return await Promise.race([probe, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },

    async hasHotels(): Promise<boolean> {
      const [row] = await em.fork().execute<{ found: boolean }[]>('select exists (select 1 from hotels) as found');
      return row?.found === true;
    },

    async close(): Promise<void> {
      await orm.close();
    },
  };
}
