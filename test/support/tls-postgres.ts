import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { dropAbandonedClusters, freePort, postgresUser, query } from './replica-cluster.js';

const run = promisify(execFile);

export interface TlsPostgres {
  readonly port: number;
  /** postgres://postgres@127.0.0.1:<port>/hotel without TLS parameters: add them. */
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * A PostgreSQL cluster of its own (Debian's pg_createcluster, like replica-cluster.ts) with
 * `ssl = on` and the given certificate and key, on a free port, trusting 127.0.0.1 over TLS and
 * refusing it in cleartext.
 * Needs root. About 3 s.
 */
export async function startTlsPostgres(certFile: string, keyFile: string): Promise<TlsPostgres> {
  if (process.getuid?.() !== 0) throw new Error('startTlsPostgres needs root: pg_createcluster runs the server as postgres');
  const version = readdirSync('/usr/lib/postgresql').sort().at(-1);
  if (!version) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql');
  await dropAbandonedClusters(version);
  const name = `hotel_t_${process.pid}_${randomBytes(3).toString('hex')}`;
  const port = await freePort();
  // The server reads its key as the postgres user and refuses one others can read.
  const tlsDir = path.join('/var/lib/postgresql', `${name}-tls`);
  const { uid, gid } = await postgresUser();
  await mkdir(tlsDir, { recursive: true, mode: 0o700 });
  await copyFile(certFile, path.join(tlsDir, 'server.crt'));
  await copyFile(keyFile, path.join(tlsDir, 'server.key'));
  for (const file of ['', 'server.crt', 'server.key']) await chown(path.join(tlsDir, file), uid, gid);
  await chmod(path.join(tlsDir, 'server.key'), 0o600);
  const drop = async () => {
    await run('pg_dropcluster', ['--stop', version, name]).catch(() => undefined);
    await rm(tlsDir, { recursive: true, force: true });
  };
  try {
    await run('pg_createcluster', [
      version, name, '-p', String(port),
      '-o', `ssl_cert_file=${tlsDir}/server.crt`, '-o', `ssl_key_file=${tlsDir}/server.key`,
      '--', '--auth-host=trust', '--auth-local=trust',
    ]);
    // pg_createcluster drops `-o ssl=on` when Debian's snakeoil certificate is missing: set it after.
    await run('pg_conftool', [version, name, 'set', 'ssl', 'on']);
    // TCP connections must use TLS: a client that silently fell back to cleartext is refused.
    await writeFile(`/etc/postgresql/${version}/${name}/pg_hba.conf`, 'local all all trust\nhostssl all all 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 reject\n');
    await run('pg_ctlcluster', [version, name, 'start']);
    await query(`postgres://postgres@127.0.0.1:${port}/postgres?sslmode=verify-full&sslrootcert=${certFile}`, 'create database hotel');
    return { port, url: `postgres://postgres@127.0.0.1:${port}/hotel`, drop };
  } catch (error) {
    await drop();
    throw error;
  }
}
