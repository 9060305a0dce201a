import { createPostgres } from '../create-postgres.js';

/** `npm run migrate`: applies pending migrations to DATABASE_URL and exits. */
async function main(): Promise<void> {
  const url = process.env['DATABASE_URL'];
  if (!url) {
    console.error('DATABASE_URL is not set (postgres://user:password@host:port/database)');
    process.exitCode = 2;
    return;
  }
  const postgres = await createPostgres({ url, poolSize: 2 });
  try {
    const { applied } = await postgres.migrate();
    console.log(applied.length === 0 ? 'schema is up to date' : `applied ${applied.join(', ')}`);
  } finally {
    await postgres.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
