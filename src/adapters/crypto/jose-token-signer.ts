import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JSONWebKeySet, type CryptoKey } from 'jose';
import { isScope } from '../../core/access/principal.js';
import type { SignedToken, TokenClaims, TokenSigner, TokenSubjectKind } from '../../ports/credentials.js';

const ALG = 'ES256';
const KINDS: readonly TokenSubjectKind[] = ['guest', 'admin', 'partner', 'operator'];

/** A private signing key as kept in the key file or Secret: a JWK with its `kid`. */
export type PrivateSigningJwk = JWK & { kid: string };

/** Makes a new ES256 signing key with a fresh `kid` (for the key file, and for rotation). */
export async function newSigningJwk(kid = `k${Date.now().toString(36)}-${crypto.randomUUID().slice(0, 8)}`): Promise<PrivateSigningJwk> {
  const { privateKey } = await generateKeyPair(ALG, { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: ALG, use: 'sig' };
}

/**
 * JWT access and refresh tokens (RFC 9068 shape: `typ: at+jwt`, iss, aud, sub, iat, exp, jti)
 * signed ES256 with the first key of a key set; every key of the set verifies, so rotation is:
 * put a new key first, keep the old one until the longest-lived token it signed has expired, then
 * drop it. The public half of the set is served as JWKS for other services.
 */
export class JoseTokenSigner implements TokenSigner {
  readonly #verifyKeys: ReturnType<typeof createLocalJWKSet>;

  private constructor(
    private readonly signing: { kid: string; key: CryptoKey },
    readonly jwks: JSONWebKeySet,
    private readonly issuer: () => string,
    private readonly audience: string,
    private readonly now: () => Date,
  ) {
    this.#verifyKeys = createLocalJWKSet(jwks);
  }

  static async create(options: { keys: readonly PrivateSigningJwk[]; issuer: () => string; audience: string; now: () => Date }): Promise<JoseTokenSigner> {
    const [first] = options.keys;
    if (!first) throw new Error('the token key set is empty: it needs at least one private signing key');
    const kids = new Set<string>();
    const publicKeys: JWK[] = [];
    for (const jwk of options.keys) {
      if (typeof jwk.kid !== 'string' || jwk.kid.length === 0 || kids.has(jwk.kid)) throw new Error(`every token signing key needs a distinct kid (got "${String(jwk.kid)}")`);
      if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.d !== 'string') throw new Error(`token signing key ${jwk.kid} must be a private EC P-256 JWK (ES256)`);
      kids.add(jwk.kid);
      publicKeys.push({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, kid: jwk.kid, alg: ALG, use: 'sig' } as JWK);
    }
    const key = (await importJWK({ ...first, alg: ALG }, ALG)) as CryptoKey;
    return new JoseTokenSigner({ kid: first.kid, key }, { keys: publicKeys }, options.issuer, options.audience, options.now);
  }

  async sign(claims: TokenClaims, ttlSeconds: number): Promise<SignedToken> {
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    const expiresAt = issuedAt + ttlSeconds;
    const token = await new SignJWT({ kind: claims.kind, token_use: claims.use, scope: claims.scopes.join(' '), ver: claims.version })
      .setProtectedHeader({ alg: ALG, kid: this.signing.kid, typ: 'at+jwt' })
      .setIssuer(this.issuer())
      .setAudience(this.audience)
      .setSubject(claims.sub)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .setJti(crypto.randomUUID())
      .sign(this.signing.key);
    return { token, expiresAt: new Date(expiresAt * 1000) };
  }

  async verify(token: string): Promise<TokenClaims | undefined> {
    if (token.length === 0 || token.length > 4096) return undefined;
    try {
      // algorithms pins ES256: `alg: none` and HMAC-with-the-public-key confusions are refused.
      const { payload } = await jwtVerify(token, this.#verifyKeys, {
        algorithms: [ALG],
        issuer: this.issuer(),
        audience: this.audience,
        typ: 'at+jwt',
        currentDate: this.now(),
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      const kind = payload['kind'];
      const use = payload['token_use'];
      const scope = payload['scope'];
      const version = payload['ver'];
      if (typeof kind !== 'string' || !KINDS.includes(kind as TokenSubjectKind)) return undefined;
      if (use !== 'access' && use !== 'refresh') return undefined;
      if (typeof scope !== 'string' || typeof version !== 'number' || typeof payload.sub !== 'string') return undefined;
      const scopes = scope === '' ? [] : scope.split(' ');
      if (!scopes.every(isScope)) return undefined;
      return { sub: payload.sub, kind: kind as TokenSubjectKind, use, scopes, version };
    } catch {
      return undefined;
    }
  }
}
