import type { AesGcmPiiProtector } from '../../../src/adapters/crypto/aes-gcm-pii-protector.js';
import { createPostgres, type PostgresAdapter } from '../../../src/adapters/postgres/index.js';
import { testPii } from '../../support/pii.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';

export interface MigratedTestDatabase {
  readonly database: TestDatabase;
  readonly postgres: PostgresAdapter;
  /** The protector sealing its guest PII (fresh random keys). */
  readonly pii: AesGcmPiiProtector;
  /** Closes the adapter and drops the database. */
  dispose(): Promise<void>;
}

/** A fresh database with the schema migrated, and an adapter over it. */
export async function migratedTestDatabase(options: { poolSize?: number } = {}): Promise<MigratedTestDatabase> {
  const database = await createTestDatabase();
  const pii = testPii();
  const postgres = await createPostgres({ url: database.url, poolSize: options.poolSize ?? 10, pii });
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
    pii,
    async dispose() {
      await postgres.close();
      await database.drop();
    },
  };
}
