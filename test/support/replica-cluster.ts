import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { chown, mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface ReplicatedCluster {
  /** Superuser URL of a database on the primary. */
  readonly primaryUrl: string;
  /** The same database on the streaming replica (read only, in recovery). */
  readonly replicaUrl: string;
  readonly primaryPort: number;
  readonly replicaPort: number;
  /** Stops the replica at once (as if its machine died). */
  stopReplica(): Promise<void>;
  /** Stops and removes both clusters and their data. */
  drop(): Promise<void>;
}

/**
 * A real primary and streaming replica on this machine, made with the Debian cluster tools:
 * `pg_createcluster` for a primary on a free port (trust auth on 127.0.0.1, replication allowed),
 * then `pg_basebackup -R` from it into a second cluster adopted by `pg_createcluster` and started on
 * another free port. Its own primary rather than the machine's cluster on 5432: that one's pg_hba
 * has no replication entry, and changing it would change the server CI and everyone else use.
 * Needs root (the tools run the servers as the postgres user). About 8 s on 2 cores.
 */
export async function startReplicatedCluster(database = 'hotel'): Promise<ReplicatedCluster> {
  if (process.getuid?.() !== 0) throw new Error('startReplicatedCluster needs root: pg_createcluster and pg_basebackup run the servers as postgres');
  const version = readdirSync('/usr/lib/postgresql').sort().at(-1);
  if (!version) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql');
  await dropAbandonedClusters(version);
  const suffix = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const primary = `hotel_p_${suffix}`;
  const replica = `hotel_r_${suffix}`;
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const created: string[] = [];
  const drop = async () => {
    await Promise.all(created.map((name) => run('pg_dropcluster', ['--stop', version, name]).catch(() => undefined)));
  };
  try {
    created.push(primary);
    await run('pg_createcluster', [version, primary, '-p', String(primaryPort), '--', '--auth-host=trust', '--auth-local=trust']);
    await run('pg_ctlcluster', [version, primary, 'start']);
    const primaryUrl = `postgres://postgres@127.0.0.1:${primaryPort}/${database}`;
    await query(`postgres://postgres@127.0.0.1:${primaryPort}/postgres`, `create database ${database}`);

    const dataDir = path.join('/var/lib/postgresql', version, replica);
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const { uid, gid } = await postgresUser();
    await chown(dataDir, uid, gid);
    created.push(replica);
    await run('su', ['postgres', '-c', `pg_basebackup -h 127.0.0.1 -p ${primaryPort} -U postgres -D ${dataDir} -R -X stream -c fast`]);
    // The base backup has no configuration (Debian keeps it in /etc): give the replica its own, then adopt it.
    const files = {
      'postgresql.conf': `port = ${replicaPort}\nlisten_addresses = '127.0.0.1'\nhot_standby = on\n`,
      'pg_hba.conf': 'local all all trust\nhost all all 127.0.0.1/32 trust\n',
      'pg_ident.conf': '',
    };
    for (const [name, text] of Object.entries(files)) {
      await writeFile(path.join(dataDir, name), text);
      await chown(path.join(dataDir, name), uid, gid);
    }
    await run('pg_createcluster', [version, replica, '-p', String(replicaPort)]);
    await run('pg_ctlcluster', [version, replica, 'start']);
    const replicaUrl = `postgres://postgres@127.0.0.1:${replicaPort}/${database}`;
    const [row] = await query<{ recovering: boolean }>(replicaUrl, 'select pg_is_in_recovery() as recovering');
    if (row?.recovering !== true) throw new Error(`cluster ${replica} on ${replicaPort} is not a standby`);
    const stopReplica = async () => {
      await run('pg_ctlcluster', [version, replica, 'stop', '-m', 'immediate']);
    };
    return { primaryUrl, replicaUrl, primaryPort, replicaPort, stopReplica, drop };
  } catch (error) {
    await drop();
    throw error;
  }
}

export async function query<R extends pg.QueryResultRow = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export interface OwnCluster {
  readonly version: string;
  readonly name: string;
  readonly port: number;
  /** Stops and removes it with its data (never throws). */
  drop(): Promise<void>;
}

/**
 * A cluster of its own, made with pg_createcluster on a free port and trusting local and
 * 127.0.0.1 connections, not yet started. It is named `hotel_<kind>_<pid>_<hex>`, so that
 * dropAbandonedClusters removes it if this process dies first; those of earlier runs are dropped
 * before. `options` go to pg_createcluster before `--` (`-o name=value` settings). Needs root.
 */
export async function createOwnCluster(kind: 't' | 'b', options: readonly string[] = []): Promise<OwnCluster> {
  if (process.getuid?.() !== 0) throw new Error('a PostgreSQL cluster of its own needs root: pg_createcluster runs the server as postgres');
  const version = readdirSync('/usr/lib/postgresql').sort().at(-1);
  if (!version) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql');
  await dropAbandonedClusters(version);
  const name = `hotel_${kind}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const port = await freePort();
  const drop = async () => {
    await run('pg_dropcluster', ['--stop', version, name]).catch(() => undefined);
  };
  try {
    await run('pg_createcluster', [version, name, '-p', String(port), ...options, '--', '--auth-host=trust', '--auth-local=trust']);
  } catch (error) {
    await drop();
    throw error;
  }
  return { version, name, port, drop };
}

/** Clusters of earlier runs whose process died before dropping them (a killed test run). */
export async function dropAbandonedClusters(version: string): Promise<void> {
  const { stdout } = await run('pg_lsclusters', ['-h']);
  for (const line of stdout.split('\n')) {
    const [ver, name] = line.trim().split(/\s+/);
    const pid = /^hotel_[prtb]_(\d+)_[0-9a-f]+$/.exec(name ?? '')?.[1];
    if (ver !== version || !name || !pid || isAlive(Number(pid))) continue;
    await run('pg_dropcluster', ['--stop', version, name]).catch(() => undefined);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const { stdout } = await run('id', ['-u', 'postgres']);
  const { stdout: group } = await run('id', ['-g', 'postgres']);
  return { uid: Number(stdout.trim()), gid: Number(group.trim()) };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
