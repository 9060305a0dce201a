import { trimMap } from '../adapters/cache/bounded-map.js';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { JoseTokenSigner, newSigningJwk, type PrivateSigningJwk } from '../adapters/crypto/jose-token-signer.js';
import { ScryptHasher } from '../adapters/crypto/scrypt-hasher.js';
import { Identity } from '../core/access/identity.js';
import { SCOPES, type Principal } from '../core/access/principal.js';
import type { Unauthenticated } from '../core/shared/errors.js';
import { ok, type Result } from '../core/shared/result.js';
import type { AccountStore } from '../ports/account-store.js';
import type { Clock } from '../ports/clock.js';
import type { GuestDataEraser } from '../ports/guest-data-eraser.js';
import type { IdGenerator } from '../ports/id-generator.js';
import { ConfigError, type Config } from './config.js';

export interface IdentityParts {
  readonly identity: Identity;
  /** Public keys verifying our tokens (served at /.well-known/jwks.json). */
  readonly jwks: object;
  /** Identity.authenticate behind a short cache (see cachedAuthentication). */
  readonly authenticate: (bearer: string | undefined) => Promise<Result<Principal, Unauthenticated>>;
}

/**
 * Accounts, clients and tokens: the scrypt hasher, the JWT signer over the key file, the identity
 * use cases, and the bootstrap operator client when OPERATOR_CLIENT_SECRET is set.
 */
export async function buildIdentity(
  config: Config,
  deps: { accounts: AccountStore; eraser: GuestDataEraser; clock: Clock; ids: IdGenerator; issuer: () => string; log: Logger },
): Promise<IdentityParts> {
  const keys = await loadSigningKeys(config.tokenKeysFile, deps.log);
  const signer = await JoseTokenSigner.create({ keys, issuer: deps.issuer, audience: 'hotel.v1', now: () => deps.clock.now() }).catch((error: unknown) => {
    throw new ConfigError(`TOKEN_KEYS_FILE ${config.tokenKeysFile}: ${(error as Error).message}`);
  });
  const cache = new PrincipalCache(() => deps.clock.now().getTime());
  const identity = new Identity({
    accounts: deps.accounts,
    hasher: new ScryptHasher(config.passwordHashCost),
    tokens: signer,
    eraser: deps.eraser,
    clock: deps.clock,
    ids: deps.ids,
    ttl: { accessSeconds: config.accessTokenTtlSeconds, refreshSeconds: config.refreshTokenTtlSeconds },
    // A deleted account's tokens stop at once on this replica (within the cache's 2 s on the others).
    onRevoked: () => cache.clear(),
  });
  if (config.operatorClientSecret !== undefined) {
    await identity.ensureClient({ clientId: config.operatorClientId, secret: config.operatorClientSecret, name: 'Bootstrap operator', role: 'operator', scopes: [...SCOPES], hotelIds: [] });
  }
  return { identity, jwks: signer.jwks, authenticate: cache.wrap((bearer) => identity.authenticate(bearer)) };
}

/**
 * Every authenticated call would otherwise read its account or client (hotel bindings, erasure):
 * the principal of a partner, operator or guest token is remembered for 2 seconds, so a busy
 * partner costs one read per two seconds, and a deleted account or a partner's new or revoked hotel
 * connection takes effect within 2 seconds on every replica. Admins are read on every call: an
 * admin who creates a hotel manages it from the next call on, whichever replica answers it.
 * Failures are not cached. Bounded to 10,000 tokens.
 */
export class PrincipalCache {
  readonly #entries = new Map<string, { principal: Principal; until: number }>();

  constructor(
    private readonly nowMs: () => number,
    private readonly ttlMs = 2_000,
    private readonly maxEntries = 10_000,
  ) {}

  clear(): void {
    this.#entries.clear();
  }

  wrap(authenticate: (bearer: string | undefined) => Promise<Result<Principal, Unauthenticated>>): (bearer: string | undefined) => Promise<Result<Principal, Unauthenticated>> {
    return async (bearer) => {
      if (bearer === undefined) return authenticate(bearer);
      const now = this.nowMs();
      const hit = this.#entries.get(bearer);
      if (hit && hit.until > now) return ok(hit.principal);
      const result = await authenticate(bearer);
      this.#entries.delete(bearer);
      if (result.ok && result.value.kind !== 'admin') {
        trimMap(this.#entries, this.maxEntries - 1, (entry) => entry.until <= now);
        this.#entries.set(bearer, { principal: result.value, until: now + this.ttlMs });
      }
      return result;
    };
  }
}

/**
 * The private signing keys: a JSON JWK set (`{"keys": [...]}`, the first key signs). A missing
 * file gets one new key (mode 0600): right for `npm start`; in Kubernetes the file comes from a
 * Secret shared by every replica (deploy/k8s), so that all of them verify each other's tokens.
 */
export async function loadSigningKeys(file: string, log: Logger): Promise<PrivateSigningJwk[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new ConfigError(`TOKEN_KEYS_FILE ${file} cannot be read: ${(error as Error).message}`);
    const key = await newSigningJwk();
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify({ keys: [key] }, null, 2)}\n`, { mode: 0o600, flag: 'wx' }).catch(async (writeError: NodeJS.ErrnoException) => {
      if (writeError.code !== 'EEXIST') throw writeError; // another process made it first: use theirs
    });
    await chmod(file, 0o600);
    log.info({ file }, 'created a token signing key (TOKEN_KEYS_FILE did not exist)');
    return loadSigningKeys(file, log);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError(`TOKEN_KEYS_FILE ${file} is not JSON`);
  }
  const keys = (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new ConfigError(`TOKEN_KEYS_FILE ${file} must be a JWK set: {"keys": [<private ES256 JWK with kid>, ...]}`);
  return keys as PrivateSigningJwk[];
}
