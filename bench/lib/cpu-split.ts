import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { promisify } from 'node:util';
import { createOwnCluster, query } from '../../test/support/replica-cluster.js';

const run = promisify(execFile);

/**
 * How a benchmark that compares us with the database's own limit places its processes on the cores.
 *
 * - `split`: PostgreSQL gets cores of its own (half of them; one of two), in a cluster started for the
 *   run, and this process (the server), its load generator and pgbench share the others. Both sides
 *   of the comparison then drive the same database on the same cores, as a client on another
 *   machine would: the figure says whether our server keeps the database busy, not how much CPU the
 *   two take from each other. This is how the system is deployed (the API and PostgreSQL on different
 *   nodes).
 * - `shared`: everything on every core, against the machine's PostgreSQL (TEST_DATABASE_ADMIN_URL):
 *   every CPU-millisecond the server spends is then taken from the database.
 */
export type CpuPlacement = 'split' | 'shared';

export interface PlacedDatabase {
  readonly placement: CpuPlacement;
  /** Superuser URL of the `postgres` database of the server to create benchmark databases on. */
  readonly adminUrl: string;
  /** One line for the report: which cores ran what. */
  readonly description: string;
  /** Moves another backend's process (and the processes it forked) onto the database's cores; nothing when shared. */
  pin(pid: number): Promise<void>;
  /** A command and arguments run on the database's cores (`taskset -c ...`); unchanged when shared. */
  onDatabaseCores(command: string, args: readonly string[]): [string, string[]];
  close(): Promise<void>;
}

/** `split` when the machine has two cores or more and we may pin processes (root, taskset, Debian's cluster tools). */
export function defaultPlacement(): CpuPlacement {
  return os.cpus().length >= 2 && process.getuid?.() === 0 && hasTools() ? 'split' : 'shared';
}

function hasTools(): boolean {
  try {
    return readdirSync('/usr/lib/postgresql').length > 0 && readdirSync('/usr/bin').includes('taskset') && readdirSync('/usr/bin').includes('pg_createcluster');
  } catch {
    return false;
  }
}

/** The `--cpus` option: `split`, `shared`, or unset for the machine's default. */
export function parsePlacement(option: string | undefined): CpuPlacement {
  const placement = option ?? defaultPlacement();
  if (placement !== 'split' && placement !== 'shared') throw new Error(`--cpus must be split or shared, not ${placement}`);
  return placement;
}

/** Places the database, runs the benchmark with it, and puts everything back (the cluster dropped, this process on every core). */
export async function withPlacedDatabase(placement: CpuPlacement, sharedAdminUrl: string, run: (placed: PlacedDatabase) => Promise<void>): Promise<void> {
  const placed = await placeDatabase(placement, sharedAdminUrl);
  try {
    await run(placed);
  } finally {
    await placed.close();
  }
}

async function placeDatabase(placement: CpuPlacement, sharedAdminUrl: string): Promise<PlacedDatabase> {
  if (placement === 'shared') {
    return { placement, adminUrl: sharedAdminUrl, description: 'server, load generator, pgbench and the databases share all cores', pin: async () => undefined, onDatabaseCores: (command, args) => [command, [...args]], close: async () => undefined };
  }
  const cores = os.cpus().length;
  const dbCores = range(0, Math.max(1, Math.floor(cores / 2)));
  const appCores = range(dbCores.length, cores);
  const cluster = await startCluster();
  try {
    await pinTree(cluster.postmasterPid, dbCores);
    // This process is the server; the load generator and pgbench it spawns inherit its cores.
    await run('taskset', ['-a', '-p', '-c', appCores.join(','), String(process.pid)]);
  } catch (error) {
    await cluster.drop();
    throw error;
  }
  return {
    placement,
    adminUrl: cluster.adminUrl,
    description: `PostgreSQL (a cluster of its own, Debian defaults) on core ${dbCores.join(',')}; server, load generator and pgbench on core ${appCores.join(',')}`,
    pin: (pid) => pinTree(pid, dbCores),
    onDatabaseCores: (command, args) => ['taskset', ['-c', dbCores.join(','), command, ...args]],
    close: async () => {
      await run('taskset', ['-a', '-p', '-c', range(0, cores).join(','), String(process.pid)]).catch(() => undefined);
      await cluster.drop();
    },
  };
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

/** The postmaster and every process it has forked; backends forked later inherit its affinity. */
async function pinTree(postmasterPid: number, cores: number[]): Promise<void> {
  const { stdout } = await run('pgrep', ['-P', String(postmasterPid)]).catch(() => ({ stdout: '' }));
  for (const pid of [postmasterPid, ...stdout.split('\n').filter(Boolean).map(Number)]) {
    await run('taskset', ['-a', '-p', '-c', cores.join(','), String(pid)]);
  }
}

/** A PostgreSQL cluster for this run (test/support/replica-cluster.ts createOwnCluster), started. */
async function startCluster(): Promise<{ adminUrl: string; postmasterPid: number; drop(): Promise<void> }> {
  // The machine's cluster runs without autovacuum; so does this one, so rounds are not disturbed by it.
  const { version, name, port, drop } = await createOwnCluster('b', ['-o', 'autovacuum=off']);
  try {
    await run('pg_ctlcluster', [version, name, 'start']);
    const postmasterPid = Number(readFileSync(`/var/lib/postgresql/${version}/${name}/postmaster.pid`, 'utf8').split('\n')[0]);
    const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
    await query(adminUrl, 'select 1');
    return { adminUrl, postmasterPid, drop };
  } catch (error) {
    await drop();
    throw error;
  }
}
