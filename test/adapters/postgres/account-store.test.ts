import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../../src/core/access/account.js';
import { createShardedPostgres, type ShardedPostgresAdapter } from '../../../src/adapters/postgres/sharding/create-sharded-postgres.js';
import { ShardMap } from '../../../src/adapters/postgres/sharding/shard-map.js';
import { testPii } from '../../support/pii.js';
import { describeAccountStoreContract } from '../../contract/account-store.contract.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';

let database: TestDatabase;
let postgres: ShardedPostgresAdapter;
beforeAll(async () => {
  database = await createTestDatabase();
  postgres = await createShardedPostgres({ map: ShardMap.single(database.url), poolSize: 4, pii: testPii() });
  await postgres.migrate();
});
afterAll(async () => {
  await postgres?.close();
  await database?.drop();
});

describeAccountStoreContract('Postgres (the accounts shard)', async () => ({ store: postgres.accounts, dispose: async () => undefined }));

describe('accounts at rest', () => {
  it('keeps no plaintext email, name or phone in the accounts table, and finds the account by its email index', async () => {
    const account: Account = {
      id: `acc_raw_${Date.now()}`,
      role: 'guest',
      email: `Plain.Text.${Date.now()}@Example.com`,
      name: 'Ottilie Plaintext',
      phone: '+49 30 1234567',
      preferences: { email: true, sms: true },
      passwordHash: 'scrypt$10$8$1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5',
      hotelIds: [],
      createdAt: new Date(),
      tokenVersion: 0,
      failedSignIns: 0,
    };
    expect(await postgres.accounts.createAccount(account)).toBe('created');
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<Record<string, unknown>>('select * from accounts where id = $1', [account.id]);
      const raw = JSON.stringify(rows[0]).toLowerCase();
      for (const plain of [account.email.toLowerCase(), 'plain.text', 'ottilie', 'plaintext', '1234567']) expect(raw).not.toContain(plain);
      expect(rows[0]?.['email_sealed']).toMatch(/^pii1\./);
    } finally {
      await client.end();
    }
    expect((await postgres.accounts.accountByEmail(account.email.toLowerCase()))?.name).toBe('Ottilie Plaintext');
  });
});
