import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ClaimOutcome, IdempotencyClaim, IdempotencyStore } from '../../ports/idempotency-store.js';

const CLAIM_SQL = `
insert into idempotency_keys (scope, key, fingerprint_sha256, resource_id)
values (:scope, :key, decode(:fingerprint, 'hex'), :resourceId)
on conflict (scope, key) do nothing
returning resource_id`;

const EXISTING_SQL = `
select encode(fingerprint_sha256, 'hex') as fingerprint, resource_id
  from idempotency_keys
 where scope = :scope and key = :key`;

/**
 * Concurrency comes from the primary key: while another open transaction holds an uncommitted claim
 * of the same (scope, key), our INSERT waits on the unique index. If that transaction commits, the
 * insert does nothing and the second statement (a new snapshot under READ COMMITTED) sees the row:
 * replay or conflict. If it rolls back, our insert goes through and we hold the claim. That wait is
 * intended: a retry arriving while the first attempt is still running gets the first answer.
 */
export class PostgresIdempotencyStore implements IdempotencyStore {
  constructor(private readonly em: EntityManager) {}

  async claim(claim: IdempotencyClaim): Promise<ClaimOutcome> {
    const fingerprint = sha256Hex(claim.fingerprint);
    const inserted = await this.em.execute<unknown[]>(CLAIM_SQL, {
      scope: claim.scope,
      key: claim.key,
      fingerprint,
      resourceId: claim.resourceId,
    });
    if (inserted.length === 1) return { kind: 'claimed' };

    const [existing] = await this.em.execute<{ fingerprint: string; resource_id: string }[]>(EXISTING_SQL, {
      scope: claim.scope,
      key: claim.key,
    });
    if (!existing) throw new Error(`idempotency key ${claim.scope}/${claim.key} conflicted but cannot be read`);
    return existing.fingerprint === fingerprint ? { kind: 'replay', resourceId: existing.resource_id } : { kind: 'conflict' };
  }
}

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
