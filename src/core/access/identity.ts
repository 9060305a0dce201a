import type { AccountStore } from '../../ports/account-store.js';
import type { Clock } from '../../ports/clock.js';
import type { SecretHasher, TokenClaims, TokenSigner } from '../../ports/credentials.js';
import type { GuestDataEraser } from '../../ports/guest-data-eraser.js';
import type { IdGenerator } from '../../ports/id-generator.js';
import {
  permissionDenied,
  unauthenticated,
  Violations,
  type AlreadyExists,
  type InvalidArgument,
  type NotFound,
  type PermissionDenied,
  type TooManyAttempts,
  type Unauthenticated,
} from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { lockoutMs, type Account, type ApiClient, type ClientRole, type NotificationPreferences } from './account.js';
import { ANONYMOUS, isScope, mayActOnHotel, normaliseEmail, type Principal, type Scope } from './principal.js';

export interface TokenTtls {
  readonly accessSeconds: number;
  readonly refreshSeconds: number;
}

export interface IssuedTokens {
  readonly accessToken: string;
  readonly accessExpiresAt: Date;
  /** Accounts only: exchanged for a new pair by `refresh` (clients ask again with their secret). */
  readonly refreshToken?: string;
  readonly refreshExpiresAt?: Date;
  readonly scopes: readonly Scope[];
}

export interface Profile {
  readonly accountId: string;
  readonly role: Account['role'];
  readonly email: string;
  readonly name: string;
  readonly phone: string;
  readonly preferences: NotificationPreferences;
  readonly hotelIds: readonly string[];
}

export interface IdentityDeps {
  readonly accounts: AccountStore;
  readonly hasher: SecretHasher;
  readonly tokens: TokenSigner;
  readonly eraser: GuestDataEraser;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly ttl: TokenTtls;
  /** Told when an account's tokens die before they expire (deletion), e.g. to drop cached principals. */
  readonly onRevoked?: (principal: Principal) => void;
}

/** One message for every failed sign-in: it never tells an unknown email from a wrong password. */
const BAD_CREDENTIALS = 'email or password is wrong';
const BAD_CLIENT = 'client id or secret is wrong';
const ACCOUNT_GONE = 'the account was deleted: its tokens no longer work';
const TOKEN_REJECTED = 'the access token is missing, malformed, expired or not ours: sign in again';

/** Guest and admin accounts, OAuth2 clients, and the tokens they sign in with. */
export class Identity {
  #dummyHash: Promise<string> | undefined;

  constructor(private readonly deps: IdentityDeps) {}

  async signUp(input: { email: string; password: string; name: string; phone: string }): Promise<Result<{ profile: Profile; tokens: IssuedTokens }, InvalidArgument | AlreadyExists>> {
    const problems = new Violations();
    checkEmail(problems, input.email);
    checkPassword(problems, input.password);
    checkName(problems, input.name);
    checkPhone(problems, input.phone);
    if (!problems.isEmpty) return err(problems.toError());
    const created = await this.#createAccount({ role: 'guest', email: input.email, password: input.password, name: input.name, phone: input.phone, hotelIds: [] });
    if (!created.ok) return created;
    return ok({ profile: profileOf(created.value), tokens: await this.#accountTokens(created.value) });
  }

  async signIn(input: { email: string; password: string }): Promise<Result<{ profile: Profile; tokens: IssuedTokens }, Unauthenticated | TooManyAttempts>> {
    const { accounts, hasher, clock } = this.deps;
    const account = input.email.length > 0 && input.email.length <= 254 ? await accounts.accountByEmail(input.email) : undefined;
    if (!account) {
      // Same work as a wrong password, so response times do not tell which emails have accounts.
      await hasher.verify(input.password, await this.#dummy());
      return err(unauthenticated(BAD_CREDENTIALS));
    }
    const now = clock.now();
    if (account.lockedUntil && account.lockedUntil > now) return err({ code: 'TOO_MANY_ATTEMPTS', retryAfterMs: account.lockedUntil.getTime() - now.getTime() });
    if (!(await hasher.verify(input.password, account.passwordHash))) {
      const failures = account.failedSignIns + 1;
      const wait = lockoutMs(failures);
      await accounts.setSignInState(account.id, failures, wait > 0 ? new Date(now.getTime() + wait) : account.lockedUntil);
      return err(unauthenticated(BAD_CREDENTIALS));
    }
    const current: Account = account.failedSignIns > 0 || account.lockedUntil ? withoutLock(account) : account;
    if (current !== account) await accounts.setSignInState(account.id, 0, undefined);
    return ok({ profile: profileOf(current), tokens: await this.#accountTokens(current) });
  }

  async refresh(refreshToken: string): Promise<Result<IssuedTokens, Unauthenticated>> {
    const claims = await this.deps.tokens.verify(refreshToken);
    if (!claims || claims.use !== 'refresh' || (claims.kind !== 'guest' && claims.kind !== 'admin')) return err(unauthenticated('the refresh token is not valid: sign in again'));
    const account = await this.deps.accounts.accountById(claims.sub);
    if (!account || account.erasedAt || account.tokenVersion !== claims.version || account.role !== claims.kind) {
      return err(unauthenticated('the refresh token is no longer valid: sign in again'));
    }
    return ok(await this.#accountTokens(account));
  }

  /**
   * OAuth2 client-credentials grant: a client id and secret for a short-lived access token. With
   * `scopes`, the token carries those (each must be granted to the client); without, all granted ones.
   */
  async clientToken(input: { clientId: string; clientSecret: string; scopes: readonly string[] }): Promise<Result<IssuedTokens, Unauthenticated | InvalidArgument>> {
    const { accounts, hasher, tokens, ttl } = this.deps;
    const client = input.clientId.length > 0 && input.clientId.length <= 128 ? await accounts.clientById(input.clientId) : undefined;
    if (!client) {
      await hasher.verify(input.clientSecret, await this.#dummy());
      return err(unauthenticated(BAD_CLIENT));
    }
    if (!(await hasher.verify(input.clientSecret, client.secretHash))) return err(unauthenticated(BAD_CLIENT));
    const unknown = input.scopes.filter((s) => !isScope(s) || !client.scopes.includes(s));
    if (unknown.length > 0) {
      return err({ code: 'INVALID_ARGUMENT', violations: [{ field: 'scope', description: `not granted to this client: ${unknown.join(' ')}` }] });
    }
    const scopes = input.scopes.length > 0 ? (input.scopes as Scope[]) : client.scopes;
    const access = await tokens.sign({ sub: client.clientId, kind: client.role, use: 'access', scopes, version: 0 }, ttl.accessSeconds);
    return ok({ accessToken: access.token, accessExpiresAt: access.expiresAt, scopes });
  }

  /**
   * The caller behind a bearer token; anonymous without one. A token of an account deleted since,
   * or of a client removed since, is refused; scopes are what the token says and the client still has.
   */
  async authenticate(bearer: string | undefined): Promise<Result<Principal, Unauthenticated>> {
    if (bearer === undefined) return ok(ANONYMOUS);
    const claims = await this.deps.tokens.verify(bearer);
    if (!claims || claims.use !== 'access') return err(unauthenticated(TOKEN_REJECTED));
    return (await this.#principalOf(claims)) ?? err(unauthenticated(TOKEN_REJECTED));
  }

  async profile(principal: Principal): Promise<Result<Profile, PermissionDenied | Unauthenticated>> {
    const account = await this.#ownAccount(principal);
    if (account === 'gone') return err(unauthenticated(ACCOUNT_GONE));
    return account ? ok(profileOf(account)) : err(permissionDenied('only guest and admin accounts have a profile'));
  }

  async updateProfile(
    principal: Principal,
    change: { name?: string; phone?: string; preferences?: NotificationPreferences },
  ): Promise<Result<Profile, PermissionDenied | InvalidArgument | Unauthenticated>> {
    const account = await this.#ownAccount(principal);
    if (account === 'gone') return err(unauthenticated(ACCOUNT_GONE));
    if (!account) return err(permissionDenied('only guest and admin accounts have a profile'));
    const problems = new Violations();
    if (change.name !== undefined) checkName(problems, change.name);
    if (change.phone !== undefined) checkPhone(problems, change.phone);
    if (!problems.isEmpty) return err(problems.toError());
    const updated: Account = {
      ...account,
      ...(change.name !== undefined ? { name: change.name.trim() } : {}),
      ...(change.phone !== undefined ? { phone: change.phone.trim() } : {}),
      ...(change.preferences !== undefined ? { preferences: change.preferences } : {}),
    };
    await this.deps.accounts.saveAccount(updated);
    return ok(profileOf(updated));
  }

  /**
   * Deletes the caller's account: email, name, phone and password are erased (the row stays, so its
   * tokens stop working and the id is never reused), and its past reservations are kept with the
   * guest anonymised. Returns how many reservations were anonymised.
   */
  async deleteAccount(principal: Principal): Promise<Result<{ anonymisedReservations: number }, PermissionDenied | Unauthenticated>> {
    const account = await this.#ownAccount(principal);
    if (account === 'gone') return err(unauthenticated(ACCOUNT_GONE));
    if (!account) return err(permissionDenied('only guest and admin accounts can be deleted by their owner'));
    const anonymised = await this.deps.eraser.anonymiseGuest(account.email, { name: 'Deleted guest', email: `deleted+${account.id}@invalid` });
    await this.deps.accounts.saveAccount({
      ...account,
      email: `deleted+${account.id}@invalid`,
      name: '',
      phone: '',
      passwordHash: '',
      hotelIds: account.hotelIds,
      tokenVersion: account.tokenVersion + 1,
      erasedAt: this.deps.clock.now(),
    });
    this.deps.onRevoked?.(principal);
    return ok({ anonymisedReservations: anonymised });
  }

  /** Operators create hotel administrators (bound to hotels that may not exist yet: they create them). */
  async createAdmin(principal: Principal, input: { email: string; password: string; name: string; hotelIds: readonly string[] }): Promise<Result<Profile, PermissionDenied | InvalidArgument | AlreadyExists>> {
    if (principal.kind !== 'operator') return err(permissionDenied('only operators create admin accounts'));
    const problems = new Violations();
    checkEmail(problems, input.email);
    checkPassword(problems, input.password);
    checkName(problems, input.name);
    if (!problems.isEmpty) return err(problems.toError());
    const created = await this.#createAccount({ role: 'admin', email: input.email, password: input.password, name: input.name, phone: '', hotelIds: input.hotelIds });
    return created.ok ? ok(profileOf(created.value)) : created;
  }

  /** Operators register OAuth2 clients; the secret is returned once and stored only hashed. */
  async createClient(
    principal: Principal,
    input: { clientId: string; name: string; role: ClientRole; scopes: readonly string[]; hotelIds: readonly string[] },
  ): Promise<Result<{ client: ApiClient; secret: string }, PermissionDenied | InvalidArgument | AlreadyExists>> {
    if (principal.kind !== 'operator') return err(permissionDenied('only operators register API clients'));
    const problems = new Violations();
    problems.require(/^[a-z0-9][a-z0-9._-]{2,63}$/.test(input.clientId), 'client_id', 'must be 3 to 64 lower-case letters, digits, ".", "_" or "-"');
    checkName(problems, input.name);
    const badScopes = input.scopes.filter((s) => !isScope(s));
    problems.require(badScopes.length === 0, 'scopes', `unknown scopes: ${badScopes.join(' ')}`);
    if (!problems.isEmpty) return err(problems.toError());
    const secret = this.deps.ids.secret();
    const client: ApiClient = {
      clientId: input.clientId,
      name: input.name.trim(),
      role: input.role,
      secretHash: await this.deps.hasher.hash(secret),
      scopes: input.scopes as Scope[],
      hotelIds: [...new Set(input.hotelIds)],
      createdAt: this.deps.clock.now(),
    };
    if ((await this.deps.accounts.createClient(client)) === 'exists') return err({ code: 'ALREADY_EXISTS', resource: 'client' });
    return ok({ client, secret });
  }

  /**
   * Connects a partner client to a hotel. Operators for any hotel; a hotel's own admin for its hotel
   * (a hotel chooses its channel partners). Anyone else: PERMISSION_DENIED.
   */
  async connectPartner(principal: Principal, input: { clientId: string; hotelId: string }): Promise<Result<ApiClient, PermissionDenied | NotFound>> {
    if (!mayActOnHotel(principal, input.hotelId, undefined) || principal.kind === 'partner') return err(permissionDenied('only the hotel\'s admins or operators connect partners to it'));
    const client = await this.deps.accounts.clientById(input.clientId);
    if (!client || client.role !== 'partner') return err({ code: 'NOT_FOUND', resource: 'client', id: input.clientId });
    await this.deps.accounts.grantClientHotel(client.clientId, input.hotelId);
    return ok({ ...client, hotelIds: [...new Set([...client.hotelIds, input.hotelId])] });
  }

  /** An admin who creates a hotel manages it from then on. */
  async bindCreatedHotel(principal: Principal, hotelId: string): Promise<void> {
    if (principal.kind === 'admin') await this.deps.accounts.grantAccountHotel(principal.accountId, hotelId);
  }

  /**
   * Makes sure a client exists with this secret, role and scopes (configured bootstrap clients:
   * the operator that creates the first admins and partners). Not reachable over the API.
   */
  async ensureClient(input: { clientId: string; secret: string; name: string; role: ClientRole; scopes: readonly Scope[]; hotelIds: readonly string[] }): Promise<void> {
    const { accounts, hasher, clock } = this.deps;
    const existing = await accounts.clientById(input.clientId);
    const secretHash = existing && (await hasher.verify(input.secret, existing.secretHash)) ? existing.secretHash : await hasher.hash(input.secret);
    const client: ApiClient = { clientId: input.clientId, name: input.name, role: input.role, secretHash, scopes: input.scopes, hotelIds: input.hotelIds, createdAt: existing?.createdAt ?? clock.now() };
    if (!existing) {
      if ((await accounts.createClient(client)) === 'created') return;
    }
    await accounts.saveClient({ ...client, hotelIds: [...new Set([...(existing?.hotelIds ?? []), ...input.hotelIds])] });
  }

  /** Makes sure an account exists with this email and password (demo accounts). Returns it. */
  async ensureAccount(input: { role: Account['role']; email: string; password: string; name: string; hotelIds: readonly string[] }): Promise<Account> {
    const existing = await this.deps.accounts.accountByEmail(input.email);
    if (existing) {
      for (const hotelId of input.hotelIds) await this.deps.accounts.grantAccountHotel(existing.id, hotelId);
      return existing;
    }
    const created = await this.#createAccount({ ...input, phone: '' });
    if (!created.ok) throw new Error(`could not create account ${input.email}: ${created.error.code}`);
    return created.value;
  }

  async #createAccount(input: { role: Account['role']; email: string; password: string; name: string; phone: string; hotelIds: readonly string[] }): Promise<Result<Account, AlreadyExists>> {
    const account: Account = {
      id: this.deps.ids.accountId(),
      role: input.role,
      email: normaliseEmail(input.email),
      name: input.name.trim(),
      phone: input.phone.trim(),
      preferences: { email: true, sms: false },
      passwordHash: await this.deps.hasher.hash(input.password),
      hotelIds: [...new Set(input.hotelIds)],
      createdAt: this.deps.clock.now(),
      tokenVersion: 0,
      failedSignIns: 0,
    };
    const created = await this.deps.accounts.createAccount(account);
    return created === 'created' ? ok(account) : err({ code: 'ALREADY_EXISTS', resource: 'account' });
  }

  async #accountTokens(account: Account): Promise<IssuedTokens> {
    const { tokens, ttl } = this.deps;
    const base: Omit<TokenClaims, 'use'> = { sub: account.id, kind: account.role, scopes: [], version: account.tokenVersion };
    const [access, refresh] = await Promise.all([tokens.sign({ ...base, use: 'access' }, ttl.accessSeconds), tokens.sign({ ...base, use: 'refresh' }, ttl.refreshSeconds)]);
    return { accessToken: access.token, accessExpiresAt: access.expiresAt, refreshToken: refresh.token, refreshExpiresAt: refresh.expiresAt, scopes: [] };
  }

  async #principalOf(claims: TokenClaims): Promise<Result<Principal, Unauthenticated> | undefined> {
    const { accounts } = this.deps;
    switch (claims.kind) {
      case 'guest':
      case 'admin': {
        const account = await accounts.accountById(claims.sub);
        if (!account || account.erasedAt || account.role !== claims.kind || account.tokenVersion !== claims.version) return undefined;
        return ok(
          account.role === 'guest'
            ? { kind: 'guest', accountId: account.id, email: account.email }
            : { kind: 'admin', accountId: account.id, email: account.email, hotelIds: new Set(account.hotelIds) },
        );
      }
      case 'partner':
      case 'operator': {
        const client = await accounts.clientById(claims.sub);
        if (!client || client.role !== claims.kind) return undefined;
        if (client.role === 'operator') return ok({ kind: 'operator', clientId: client.clientId });
        return ok({ kind: 'partner', clientId: client.clientId, hotelIds: new Set(client.hotelIds), scopes: new Set(claims.scopes.filter((s) => client.scopes.includes(s))) });
      }
    }
  }

  /** The caller's live account; 'gone' when it was deleted meanwhile; undefined for clients. */
  async #ownAccount(principal: Principal): Promise<Account | 'gone' | undefined> {
    if (principal.kind !== 'guest' && principal.kind !== 'admin') return undefined;
    const account = await this.deps.accounts.accountById(principal.accountId);
    return account && !account.erasedAt ? account : 'gone';
  }

  #dummy(): Promise<string> {
    this.#dummyHash ??= this.deps.hasher.hash('not a password of anyone');
    return this.#dummyHash;
  }
}

function withoutLock(account: Account): Account {
  const unlocked: { -readonly [K in keyof Account]: Account[K] } = { ...account, failedSignIns: 0 };
  delete unlocked.lockedUntil;
  return unlocked;
}

function profileOf(account: Account): Profile {
  return { accountId: account.id, role: account.role, email: account.email, name: account.name, phone: account.phone, preferences: account.preferences, hotelIds: account.hotelIds };
}

function checkEmail(problems: Violations, email: string): void {
  problems.require(/^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/.test(email.trim()) && email.length <= 254, 'email', 'must be an email address');
}

function checkPassword(problems: Violations, password: string): void {
  problems.require(password.length >= 10 && password.length <= 128, 'password', 'must be 10 to 128 characters');
}

function checkName(problems: Violations, name: string): void {
  problems.require(name.trim().length >= 1 && name.length <= 200, 'name', 'must be 1 to 200 characters');
}

function checkPhone(problems: Violations, phone: string): void {
  problems.require(phone === '' || /^\+?[0-9 ()-]{4,32}$/.test(phone.trim()), 'phone', 'must be digits, spaces, ( ) or -, optionally after +, 4 to 32 characters');
}
