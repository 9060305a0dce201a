import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, ApiClient } from '../../src/core/access/account.js';
import type { AccountStore } from '../../src/ports/account-store.js';
import { uniqueId } from './persistence-fixtures.js';

export interface AccountStoreUnderTest {
  readonly store: AccountStore;
  dispose(): Promise<void>;
}

const anAccount = (overrides: Partial<Account> = {}): Account => ({
  id: uniqueId('acc'),
  role: 'guest',
  email: `${uniqueId('guest')}@example.com`,
  name: 'Grace Hopper',
  phone: '+1 555 0100',
  preferences: { email: true, sms: false },
  passwordHash: 'scrypt$10$8$1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5',
  hotelIds: [],
  createdAt: new Date('2030-01-01T00:00:00Z'),
  tokenVersion: 0,
  failedSignIns: 0,
  ...overrides,
});

const aClient = (overrides: Partial<ApiClient> = {}): ApiClient => ({
  clientId: uniqueId('client'),
  name: 'Channel',
  role: 'partner',
  secretHash: 'scrypt$10$8$1$c2FsdA$a2V5',
  scopes: ['ari:write', 'bookings:read'],
  hotelIds: ['h2', 'h1'],
  createdAt: new Date('2030-01-01T00:00:00Z'),
  ...overrides,
});

/**
 * AccountStore contract: one live account per email (compared case-insensitively), erased accounts
 * keep their id but free their email, saves replace the mutable fields, hotel grants are idempotent
 * sets; clients are unique by id.
 */
export function describeAccountStoreContract(name: string, create: () => Promise<AccountStoreUnderTest>): void {
  describe(`AccountStore contract: ${name}`, () => {
    let subject: AccountStoreUnderTest;
    let store: AccountStore;
    beforeAll(async () => {
      subject = await create();
      store = subject.store;
    });
    afterAll(async () => {
      await subject?.dispose();
    });

    it('finds an account by id and by email in any case, as it was stored', async () => {
      const account = anAccount({ hotelIds: ['h2', 'h1'], role: 'admin' });
      expect(await store.createAccount(account)).toBe('created');
      const byId = await store.accountById(account.id);
      expect(byId).toEqual({ ...account, hotelIds: ['h1', 'h2'] });
      expect(await store.accountByEmail(` ${account.email.toUpperCase()} `)).toEqual(byId);
      expect(await store.accountById(uniqueId('acc'))).toBeUndefined();
      expect(await store.accountByEmail('nobody-at-all@example.com')).toBeUndefined();
    });

    it('keeps one live account per email, even when two sign up at once', async () => {
      const email = `${uniqueId('twin')}@example.com`;
      const outcomes = await Promise.all([store.createAccount(anAccount({ email })), store.createAccount(anAccount({ email: email.toUpperCase() }))]);
      expect(outcomes.sort()).toEqual(['created', 'email_taken']);
    });

    it('saves profile, counters and lock; an erased account frees its email and is found only by id', async () => {
      const account = anAccount();
      await store.createAccount(account);
      const lockedUntil = new Date('2030-01-01T00:05:00Z');
      await store.saveAccount({ ...account, name: 'G. Hopper', phone: '', preferences: { email: false, sms: true }, failedSignIns: 5, lockedUntil });
      expect(await store.accountById(account.id)).toMatchObject({ name: 'G. Hopper', phone: '', preferences: { email: false, sms: true }, failedSignIns: 5, lockedUntil });
      const unlocked: { -readonly [K in keyof Account]: Account[K] } = { ...((await store.accountById(account.id)) as Account), failedSignIns: 0 };
      delete unlocked.lockedUntil;
      await store.saveAccount(unlocked);
      expect((await store.accountById(account.id))?.lockedUntil).toBeUndefined();

      const erasedAt = new Date('2030-02-01T00:00:00Z');
      await store.saveAccount({ ...unlocked, email: `deleted+${account.id}@invalid`, name: '', phone: '', passwordHash: '', tokenVersion: 1, erasedAt });
      expect(await store.accountByEmail(account.email)).toBeUndefined();
      expect(await store.accountById(account.id)).toMatchObject({ erasedAt, tokenVersion: 1, name: '' });
      expect(await store.createAccount(anAccount({ email: account.email }))).toBe('created');
    });

    it('records sign-in failures and the lock without touching the rest of the account', async () => {
      const account = anAccount();
      await store.createAccount(account);
      const lockedUntil = new Date('2030-01-01T00:10:00Z');
      await store.setSignInState(account.id, 6, lockedUntil);
      expect(await store.accountById(account.id)).toEqual({ ...account, failedSignIns: 6, lockedUntil });
      await store.setSignInState(account.id, 0, undefined);
      expect(await store.accountById(account.id)).toEqual(account);
    });

    it('grants hotels to accounts and clients as sets', async () => {
      const account = anAccount({ role: 'admin' });
      await store.createAccount(account);
      await Promise.all([store.grantAccountHotel(account.id, 'h9'), store.grantAccountHotel(account.id, 'h9'), store.grantAccountHotel(account.id, 'h3')]);
      expect((await store.accountById(account.id))?.hotelIds).toEqual(['h3', 'h9']);

      const client = aClient();
      expect(await store.createClient(client)).toBe('created');
      expect(await store.createClient({ ...client, name: 'another' })).toBe('exists');
      await store.grantClientHotel(client.clientId, 'h1');
      await store.grantClientHotel(client.clientId, 'h3');
      expect(await store.clientById(client.clientId)).toEqual({ ...client, hotelIds: ['h1', 'h2', 'h3'] });
    });

    it('replaces a client’s secret, name and scopes', async () => {
      const client = aClient();
      await store.createClient(client);
      await store.saveClient({ ...client, name: 'Renamed', secretHash: 'scrypt$10$8$1$bmV3$bmV3', scopes: ['bookings:write'], hotelIds: [] });
      expect(await store.clientById(client.clientId)).toMatchObject({ name: 'Renamed', secretHash: 'scrypt$10$8$1$bmV3$bmV3', scopes: ['bookings:write'], hotelIds: ['h1', 'h2'] });
      expect(await store.clientById(uniqueId('client'))).toBeUndefined();
    });
  });
}
