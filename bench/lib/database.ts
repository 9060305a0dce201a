import pg from 'pg';

/** The local PostgreSQL server's admin connection (TEST_DATABASE_ADMIN_URL), where benchmarks make their databases. */
export const ADMIN_URL = process.env['TEST_DATABASE_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Runs one statement on an admin connection (create or drop a benchmark's database); the local server's by default. */
export async function adminQuery(sql: string, adminUrl = ADMIN_URL): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
