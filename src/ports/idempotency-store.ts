export interface IdempotencyClaim {
  /** Who the key belongs to (the caller); keys of different scopes never collide. */
  readonly scope: string;
  readonly key: string;
  /** Canonical text of the request; compared to tell a retry from a different request under the same key. */
  readonly fingerprint: string;
  /** The resource the request will create if the claim is new. */
  readonly resourceId: string;
}

export type ClaimOutcome =
  | { readonly kind: 'claimed' }
  | { readonly kind: 'replay'; readonly resourceId: string }
  | { readonly kind: 'conflict' };

/**
 * Idempotency keys, inside a unit of work. `claim` is atomic with the unit of work: a claim that is
 * rolled back never happened, and a concurrent claim of the same key waits for the first to commit
 * or roll back, then answers `replay`/`conflict` or claims it itself.
 */
export interface IdempotencyStore {
  claim(claim: IdempotencyClaim): Promise<ClaimOutcome>;
}
