import type { EntityManager } from '@mikro-orm/postgresql';
import type { Account, ApiClient } from '../../core/access/account.js';
import { isScope, normaliseEmail } from '../../core/access/principal.js';
import type { AccountStore } from '../../ports/account-store.js';
import type { PiiProtector } from '../../ports/pii-protector.js';

interface AccountRow {
  id: string;
  role: Account['role'];
  email_sealed: string;
  name_sealed: string;
  phone_sealed: string;
  preferences: Account['preferences'];
  password_hash: string;
  token_version: number;
  failed_sign_ins: number;
  locked_until: Date | null;
  created_at: Date;
  erased_at: Date | null;
  hotel_ids: string[] | null;
}

interface ClientRow {
  client_id: string;
  name: string;
  role: ApiClient['role'];
  secret_hash: string;
  scopes: string[];
  created_at: Date;
  hotel_ids: string[] | null;
}

const ACCOUNT_SELECT = `
  select a.*, (select array_agg(h.hotel_id order by h.hotel_id) from account_hotels h where h.account_id = a.id) as hotel_ids
  from accounts a`;
const CLIENT_SELECT = `
  select c.*, (select array_agg(h.hotel_id order by h.hotel_id) from client_hotels h where h.client_id = c.client_id) as hotel_ids
  from api_clients c`;

/**
 * Accounts and clients in one database (the accounts shard, see M0012Accounts). Name, email and
 * phone are sealed by the PiiProtector; an email is found through its blind index, never its text.
 */
export class PostgresAccountStore implements AccountStore {
  constructor(
    private readonly em: EntityManager,
    private readonly pii: PiiProtector,
  ) {}

  async createAccount(account: Account): Promise<'created' | 'email_taken'> {
    const em = this.em.fork();
    const rows = await em.execute<{ id: string }[]>(
      `insert into accounts (id, role, email_index, email_sealed, name_sealed, phone_sealed, preferences, password_hash, token_version, failed_sign_ins, locked_until, created_at, erased_at)
       values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)
       on conflict (email_index) where erased_at is null do nothing returning id`,
      [...this.#accountValues(account)],
    );
    if (rows.length === 0) return 'email_taken';
    for (const hotelId of account.hotelIds) await this.grantAccountHotel(account.id, hotelId);
    return 'created';
  }

  async accountById(id: string): Promise<Account | undefined> {
    const [row] = await this.em.fork().execute<AccountRow[]>(`${ACCOUNT_SELECT} where a.id = ?`, [id]);
    return row ? this.#toAccount(row) : undefined;
  }

  async accountByEmail(email: string): Promise<Account | undefined> {
    const [row] = await this.em.fork().execute<AccountRow[]>(`${ACCOUNT_SELECT} where a.email_index = ? and a.erased_at is null`, [this.pii.emailIndex(normaliseEmail(email))]);
    return row ? this.#toAccount(row) : undefined;
  }

  async saveAccount(account: Account): Promise<void> {
    const [id, , emailIndex, email, name, phone, preferences, passwordHash, tokenVersion, failed, lockedUntil, , erasedAt] = this.#accountValues(account);
    await this.em.fork().execute(
      `update accounts set email_index = ?, email_sealed = ?, name_sealed = ?, phone_sealed = ?, preferences = ?::jsonb, password_hash = ?,
         token_version = ?, failed_sign_ins = ?, locked_until = ?, erased_at = ? where id = ?`,
      [emailIndex, email, name, phone, preferences, passwordHash, tokenVersion, failed, lockedUntil, erasedAt, id],
      'run',
    );
  }

  async setSignInState(accountId: string, failedSignIns: number, lockedUntil: Date | undefined): Promise<void> {
    await this.em.fork().execute('update accounts set failed_sign_ins = ?, locked_until = ? where id = ?', [failedSignIns, lockedUntil ?? null, accountId], 'run');
  }

  async grantAccountHotel(accountId: string, hotelId: string): Promise<void> {
    await this.em.fork().execute('insert into account_hotels (account_id, hotel_id) values (?, ?) on conflict do nothing', [accountId, hotelId], 'run');
  }

  async createClient(client: ApiClient): Promise<'created' | 'exists'> {
    const rows = await this.em.fork().execute<{ client_id: string }[]>(
      `insert into api_clients (client_id, name, role, secret_hash, scopes, created_at) values (?, ?, ?, ?, ?::text[], ?)
       on conflict (client_id) do nothing returning client_id`,
      [client.clientId, client.name, client.role, client.secretHash, pgArray(client.scopes), client.createdAt],
    );
    if (rows.length === 0) return 'exists';
    for (const hotelId of client.hotelIds) await this.grantClientHotel(client.clientId, hotelId);
    return 'created';
  }

  async clientById(clientId: string): Promise<ApiClient | undefined> {
    const [row] = await this.em.fork().execute<ClientRow[]>(`${CLIENT_SELECT} where c.client_id = ?`, [clientId]);
    if (!row) return undefined;
    return {
      clientId: row.client_id,
      name: row.name,
      role: row.role,
      secretHash: row.secret_hash,
      scopes: row.scopes.filter(isScope),
      hotelIds: row.hotel_ids ?? [],
      createdAt: new Date(row.created_at),
    };
  }

  async saveClient(client: ApiClient): Promise<void> {
    await this.em.fork().execute(
      'update api_clients set name = ?, role = ?, secret_hash = ?, scopes = ?::text[] where client_id = ?',
      [client.name, client.role, client.secretHash, pgArray(client.scopes), client.clientId],
      'run',
    );
    for (const hotelId of client.hotelIds) await this.grantClientHotel(client.clientId, hotelId);
  }

  async grantClientHotel(clientId: string, hotelId: string): Promise<void> {
    await this.em.fork().execute('insert into client_hotels (client_id, hotel_id) values (?, ?) on conflict do nothing', [clientId, hotelId], 'run');
  }

  #accountValues(a: Account) {
    return [
      a.id,
      a.role,
      this.pii.emailIndex(normaliseEmail(a.email)),
      this.pii.seal(a.email),
      this.pii.seal(a.name),
      this.pii.seal(a.phone),
      JSON.stringify(a.preferences),
      a.passwordHash,
      a.tokenVersion,
      a.failedSignIns,
      a.lockedUntil ?? null,
      a.createdAt,
      a.erasedAt ?? null,
    ] as const;
  }

  #toAccount(row: AccountRow): Account {
    return {
      id: row.id,
      role: row.role,
      email: this.pii.open(row.email_sealed),
      name: this.pii.open(row.name_sealed),
      phone: this.pii.open(row.phone_sealed),
      preferences: row.preferences,
      passwordHash: row.password_hash,
      hotelIds: row.hotel_ids ?? [],
      createdAt: new Date(row.created_at),
      tokenVersion: row.token_version,
      failedSignIns: row.failed_sign_ins,
      ...(row.locked_until ? { lockedUntil: new Date(row.locked_until) } : {}),
      ...(row.erased_at ? { erasedAt: new Date(row.erased_at) } : {}),
    };
  }
}

/** A Postgres array literal of plain tokens (scopes: lower-case letters, ':' and '_'). */
function pgArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}
