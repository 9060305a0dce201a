import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SelfSignedCertificate {
  readonly dir: string;
  readonly certFile: string;
  readonly keyFile: string;
  readonly cert: Buffer;
  readonly key: Buffer;
  remove(): Promise<void>;
}

/**
 * A fresh self-signed certificate (P-256, one day) for localhost and 127.0.0.1, made with openssl
 * as the README tells operators to; it is its own CA, so clients trust it by taking it as the root.
 */
export async function selfSignedCertificate(commonName = 'localhost'): Promise<SelfSignedCertificate> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hotel-tls-'));
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  await run('/usr/bin/openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', `/CN=${commonName}`,
    '-addext', `subjectAltName=DNS:${commonName},DNS:localhost,IP:127.0.0.1`,
  ]);
  return { dir, certFile, keyFile, cert: await readFile(certFile), key: await readFile(keyFile), remove: () => rm(dir, { recursive: true, force: true }) };
}
