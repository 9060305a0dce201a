import { testPii } from '../../support/pii.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrm } from '../../../src/adapters/postgres/orm.js';
import { ShardMap } from '../../../src/adapters/postgres/sharding/shard-map.js';
import { createShardedPostgres } from '../../../src/adapters/postgres/sharding/create-sharded-postgres.js';
import { selfSignedCertificate, type SelfSignedCertificate } from '../../support/tls-cert.js';
import { startTlsPostgres, type TlsPostgres } from '../../support/tls-postgres.js';

// TLS to PostgreSQL is configured in the connection string (sslmode, sslrootcert) and must reach
// the pg driver through MikroORM, which reads only host, port, user, password and database from
// its clientUrl. A real server with ssl=on and a certificate made for this run.

let certificate: SelfSignedCertificate;
let otherCa: SelfSignedCertificate;
let server: TlsPostgres;
const SSL_IN_USE = 'select ssl from pg_stat_ssl where pid = pg_backend_pid()';

beforeAll(async () => {
  certificate = await selfSignedCertificate();
  otherCa = await selfSignedCertificate();
  server = await startTlsPostgres(certificate.certFile, certificate.keyFile);
}, 60_000);
afterAll(async () => {
  await server?.drop();
  await certificate?.remove();
  await otherCa?.remove();
});

async function sslThroughOrm(url: string): Promise<boolean | undefined> {
  const orm = await createOrm({ url, poolSize: 1 });
  try {
    const [row] = await orm.em.fork().execute<{ ssl: boolean }[]>(SSL_IN_USE);
    return row?.ssl;
  } finally {
    await orm.close();
  }
}

describe('TLS to PostgreSQL from DATABASE_URL', () => {
  it('the ORM connects with TLS when the URL says sslmode=verify-full (or require) with the CA', async () => {
    expect(await sslThroughOrm(`${server.url}?sslmode=verify-full&sslrootcert=${certificate.certFile}`)).toBe(true);
    expect(await sslThroughOrm(`${server.url}?sslmode=require&sslrootcert=${certificate.certFile}`)).toBe(true);
    // The server refuses cleartext over TCP (pg_hba hostssl only): what a URL without TLS gets.
    await expect(sslThroughOrm(`${server.url}?sslmode=disable`)).rejects.toThrow(/no encryption/);
  });

  it('refuses a server whose certificate the given CA did not sign', async () => {
    await expect(sslThroughOrm(`${server.url}?sslmode=verify-full&sslrootcert=${otherCa.certFile}`)).rejects.toThrow(/self[- ]signed|certificate/i);
  });

  it('shard map URLs carry it too: the sharded adapter and the bucket pools', async () => {
    const url = `${server.url}?sslmode=verify-full&sslrootcert=${certificate.certFile}`;
    const postgres = await createShardedPostgres({ map: ShardMap.single(url), poolSize: 2, pii: testPii() });
    try {
      await postgres.migrate();
      expect(await postgres.ping()).toBe(true);
      expect(await postgres.hasHotels()).toBe(false);
    } finally {
      await postgres.close();
    }
    // It could only migrate and answer because every connection it opened used TLS (cleartext is refused).
  });
});
