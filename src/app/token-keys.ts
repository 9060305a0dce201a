import { newSigningJwk, type PrivateSigningJwk } from '../adapters/crypto/jose-token-signer.js';

/** A key set with a new signing key first; the others stay to verify tokens they signed until those expire. */
export async function rotateKeySet(keys: readonly PrivateSigningJwk[], kid?: string): Promise<PrivateSigningJwk[]> {
  const fresh = await newSigningJwk(kid);
  if (keys.some((k) => k.kid === fresh.kid)) throw new Error(`kid ${fresh.kid} is already in the key set`);
  return [fresh, ...keys];
}

/** The key set without `kid`; the signing (first) key cannot be dropped. */
export function pruneKeySet(keys: readonly PrivateSigningJwk[], kid: string): PrivateSigningJwk[] {
  const index = keys.findIndex((k) => k.kid === kid);
  if (index < 0) throw new Error(`no key ${kid} in the key set (kids: ${keys.map((k) => k.kid).join(', ')})`);
  if (index === 0) throw new Error(`key ${kid} is the one signing tokens: rotate first, then drop it after the longest token lifetime`);
  return keys.filter((k) => k.kid !== kid);
}
