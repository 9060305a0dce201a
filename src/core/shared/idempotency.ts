import type { IdempotencyKeyReused } from './errors.js';
import { err, ok, type Result } from './result.js';
import type { TransactionScope } from '../../ports/unit-of-work.js';

export interface IdempotentRequest {
  /** Whose key this is (the caller). */
  readonly scope: string;
  /** Empty: the request is not idempotent-keyed (a retry is a new request). */
  readonly key: string;
  /** Canonical text of the request: a retry must match it exactly. */
  readonly fingerprint: string;
  /** The resource the request acts on (or creates). */
  readonly resourceId: string;
}

/**
 * Claims an idempotency key inside the unit of work. `fresh` means go ahead (no key, or first use);
 * `replay` means this exact request already succeeded on that resource: answer with its state;
 * a different request under the same key is IDEMPOTENCY_KEY_REUSED. Rolled back with the work.
 */
export async function claimIdempotency(
  tx: TransactionScope,
  request: IdempotentRequest,
): Promise<Result<{ readonly fresh: true } | { readonly fresh: false; readonly resourceId: string }, IdempotencyKeyReused>> {
  if (request.key === '') return ok({ fresh: true });
  const claim = await tx.idempotency.claim(request);
  if (claim.kind === 'conflict') return err({ code: 'IDEMPOTENCY_KEY_REUSED', key: request.key });
  return ok(claim.kind === 'claimed' ? { fresh: true } : { fresh: false, resourceId: claim.resourceId });
}
