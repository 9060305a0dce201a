import type { Account, ApiClient } from '../../core/access/account.js';
import { normaliseEmail } from '../../core/access/principal.js';
import type { AccountStore } from '../../ports/account-store.js';

/** Accounts and clients in memory, held to the same contract as the Postgres store. */
export class MemoryAccountStore implements AccountStore {
  readonly #accounts = new Map<string, Account>();
  readonly #clients = new Map<string, ApiClient>();

  async createAccount(account: Account): Promise<'created' | 'email_taken'> {
    if (this.#liveByEmail(account.email)) return 'email_taken';
    this.#accounts.set(account.id, { ...account, hotelIds: [...new Set(account.hotelIds)].sort() });
    return 'created';
  }

  async accountById(id: string): Promise<Account | undefined> {
    return this.#accounts.get(id);
  }

  async accountByEmail(email: string): Promise<Account | undefined> {
    return this.#liveByEmail(email);
  }

  async saveAccount(account: Account): Promise<void> {
    const current = this.#accounts.get(account.id);
    if (current) this.#accounts.set(account.id, { ...account, hotelIds: current.hotelIds, role: current.role, createdAt: current.createdAt });
  }

  async setSignInState(accountId: string, failedSignIns: number, lockedUntil: Date | undefined): Promise<void> {
    const current = this.#accounts.get(accountId);
    if (!current) return;
    const next: { -readonly [K in keyof Account]: Account[K] } = { ...current, failedSignIns };
    if (lockedUntil) next.lockedUntil = lockedUntil;
    else delete next.lockedUntil;
    this.#accounts.set(accountId, next);
  }

  async grantAccountHotel(accountId: string, hotelId: string): Promise<void> {
    const current = this.#accounts.get(accountId);
    if (current) this.#accounts.set(accountId, { ...current, hotelIds: [...new Set([...current.hotelIds, hotelId])].sort() });
  }

  async createClient(client: ApiClient): Promise<'created' | 'exists'> {
    if (this.#clients.has(client.clientId)) return 'exists';
    this.#clients.set(client.clientId, { ...client, hotelIds: [...new Set(client.hotelIds)].sort() });
    return 'created';
  }

  async clientById(clientId: string): Promise<ApiClient | undefined> {
    return this.#clients.get(clientId);
  }

  async saveClient(client: ApiClient): Promise<void> {
    const current = this.#clients.get(client.clientId);
    if (current) this.#clients.set(client.clientId, { ...client, createdAt: current.createdAt, hotelIds: [...new Set([...current.hotelIds, ...client.hotelIds])].sort() });
  }

  async grantClientHotel(clientId: string, hotelId: string): Promise<void> {
    const current = this.#clients.get(clientId);
    if (current) this.#clients.set(clientId, { ...current, hotelIds: [...new Set([...current.hotelIds, hotelId])].sort() });
  }

  #liveByEmail(email: string): Account | undefined {
    const wanted = normaliseEmail(email);
    for (const account of this.#accounts.values()) if (!account.erasedAt && normaliseEmail(account.email) === wanted) return account;
    return undefined;
  }
}
