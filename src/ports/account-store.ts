import type { Account, ApiClient } from '../core/access/account.js';

/**
 * Accounts and OAuth2 clients. They are global (not per hotel), so with several database shards
 * they live on one of them (see the Postgres adapter). Emails are unique, compared normalised
 * (trimmed, lower case); the store may keep them only as a keyed hash plus a sealed copy.
 */
export interface AccountStore {
  /** Adds an account; 'email_taken' when a live account already has its email. */
  createAccount(account: Account): Promise<'created' | 'email_taken'>;
  accountById(id: string): Promise<Account | undefined>;
  /** The live (not erased) account with this email. */
  accountByEmail(email: string): Promise<Account | undefined>;
  /** Replaces the mutable fields of an existing account (profile, password, counters, erasure). */
  saveAccount(account: Account): Promise<void>;
  /**
   * Records the outcome of a sign-in attempt: the consecutive failures and the lock (none: unlocked).
   * Touches nothing else of the account (its sealed personal data stays as it is).
   */
  setSignInState(accountId: string, failedSignIns: number, lockedUntil: Date | undefined): Promise<void>;
  /** Binds an admin account to one more hotel (idempotent). */
  grantAccountHotel(accountId: string, hotelId: string): Promise<void>;

  /** Adds a client; 'exists' when the id is taken. */
  createClient(client: ApiClient): Promise<'created' | 'exists'>;
  clientById(clientId: string): Promise<ApiClient | undefined>;
  /** Replaces a client's secret, scopes and name (used to keep bootstrap clients in step with config). */
  saveClient(client: ApiClient): Promise<void>;
  /** Connects a partner client to one more hotel (idempotent). */
  grantClientHotel(clientId: string, hotelId: string): Promise<void>;
}
