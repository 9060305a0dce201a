import { execFile } from 'node:child_process';
import { chmod, chown, copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { createOwnCluster, postgresUser, query } from './replica-cluster.js';

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
  const { version, name, port, drop: dropCluster } = await createOwnCluster('t');
  // The server reads its key as the postgres user and refuses one others can read.
  const tlsDir = path.join('/var/lib/postgresql', `${name}-tls`);
  const drop = async () => {
    await dropCluster();
    await rm(tlsDir, { recursive: true, force: true });
  };
  try {
    const { uid, gid } = await postgresUser();
    await mkdir(tlsDir, { recursive: true, mode: 0o700 });
    await copyFile(certFile, path.join(tlsDir, 'server.crt'));
    await copyFile(keyFile, path.join(tlsDir, 'server.key'));
    for (const file of ['', 'server.crt', 'server.key']) await chown(path.join(tlsDir, file), uid, gid);
    await chmod(path.join(tlsDir, 'server.key'), 0o600);
    await run('pg_conftool', [version, name, 'set', 'ssl_cert_file', `${tlsDir}/server.crt`]);
    await run('pg_conftool', [version, name, 'set', 'ssl_key_file', `${tlsDir}/server.key`]);
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
