import type { Scope } from '../core/access/principal.js';

/** One-way hashing of passwords and client secrets (slow, salted, self-describing). */
export interface SecretHasher {
  hash(secret: string): Promise<string>;
  /** False for a wrong secret or a malformed hash; never throws for either. */
  verify(secret: string, hash: string): Promise<boolean>;
}

export type TokenSubjectKind = 'guest' | 'admin' | 'partner' | 'operator';

export interface TokenClaims {
  /** Account id or client id. */
  readonly sub: string;
  readonly kind: TokenSubjectKind;
  readonly use: 'access' | 'refresh';
  readonly scopes: readonly Scope[];
  /** Accounts: the tokenVersion it was issued under (refresh tokens die when it moves). */
  readonly version: number;
}

export interface SignedToken {
  readonly token: string;
  readonly expiresAt: Date;
}

/** Signs and verifies bearer tokens (JWTs under a rotating key set). */
export interface TokenSigner {
  sign(claims: TokenClaims, ttlSeconds: number): Promise<SignedToken>;
  /** The claims of a token this service signed and that has not expired; undefined for anything else. */
  verify(token: string): Promise<TokenClaims | undefined>;
}
