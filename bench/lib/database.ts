import pg from 'pg';

/** The local PostgreSQL server's admin connection (TEST_DATABASE_ADMIN_URL), where benchmarks make their databases. */
export const ADMIN_URL = process.env['TEST_DATABASE_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Runs one statement on the admin connection (create or drop a benchmark's database). */
export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
