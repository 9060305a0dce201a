import { createPostgres, type PostgresAdapter } from '../../../src/adapters/postgres/index.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';

export interface MigratedTestDatabase {
  readonly database: TestDatabase;
  readonly postgres: PostgresAdapter;
  /** Closes the adapter and drops the database. */
  dispose(): Promise<void>;
}

/** A fresh database with the schema migrated, and an adapter over it. */
export async function migratedTestDatabase(options: { poolSize?: number } = {}): Promise<MigratedTestDatabase> {
  const database = await createTestDatabase();
  const postgres = await createPostgres({ url: database.url, poolSize: options.poolSize ?? 10 });
  try {
    await postgres.migrate();
  } catch (error) {
    await postgres.close();
    await database.drop();
    throw error;
  }
  return {
    database,
    postgres,
    async dispose() {
      await postgres.close();
      await database.drop();
    },
  };
}
