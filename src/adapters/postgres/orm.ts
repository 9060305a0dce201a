import { Migrator } from '@mikro-orm/migrations';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Pool } from 'pg';
import { migrationsList } from './migrations/migrations-list.js';
import { PiggybackClient } from './piggyback-client.js';
import { allRecordSchemas } from './records/all-records.js';

export interface OrmConfig {
  readonly url: string;
  readonly poolSize?: number;
  readonly debug?: boolean;
  /** Called with the `pg` pool once it exists (instrumentation: query spans, pool gauges). */
  readonly onPoolCreated?: (pool: Pool) => void;
}

/** A MikroORM instance over one database, knowing our record schemas and migrations (nothing discovered from disk). */
export function createOrm(config: OrmConfig): Promise<MikroORM> {
  return MikroORM.init({
    clientUrl: config.url,
    entities: [...allRecordSchemas],
    extensions: [Migrator],
    pool: { max: config.poolSize ?? 10 },
    debug: config.debug ?? false,
    // MikroORM reads only host, port, user, password and database out of clientUrl; the pg driver
    // gets the whole URL as well, so its query parameters (sslmode, sslrootcert, sslcert, sslkey,
    // application_name, ...) take effect: TLS to the database is configured in the URL.
    // Every pooled connection is a PiggybackClient: BEGIN travels with a transaction's first statement
    // and COMMIT with a last statement that carries it (two round trips fewer per booking).
    driverOptions: {
      connectionString: config.url,
      Client: PiggybackClient,
      onPoolCreated: (pool: Pool) => {
        pool.on('release', (_error: Error | undefined, client: unknown) => (client as PiggybackClient).released());
        config.onPoolCreated?.(pool);
      },
    },
    // The schema belongs to the migrations; never create databases or tables behind their back.
    ensureDatabase: false,
    migrations: {
      migrationsList,
      transactional: true,
      allOrNothing: true,
      // Hand-written migrations only: no schema snapshot files written next to the sources.
      snapshot: false,
      silent: true,
    },
  });
}
