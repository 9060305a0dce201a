import type { EntityManager } from '@mikro-orm/postgresql';
import { bucketOf } from '../../../core/shared/routing-bucket.js';
import type { Result } from '../../../core/shared/result.js';
import type { TransactionScope, UnitOfWork } from '../../../ports/unit-of-work.js';
import { scopeOf } from '../unit-of-work.js';
import { asUnavailable } from './connection-errors.js';
import { KeyHomePools, withKeyHomes } from './key-homes.js';
import type { ShardRouter } from './shard-router.js';

// A bucket can only be redirected as often as it moved while we were routing: a few hops at most.
const MAX_HOPS = 4;

/**
 * One READ COMMITTED transaction on the primary of the shard that owns the routing id's bucket: the
 * same scope (repositories) as the single-database unit of work, never spanning two shards.
 *
 * With several shards, the transaction first calls `shard_enter(bucket)`: a shared advisory lock on
 * the bucket (the re-shard mover takes it exclusively while it copies the bucket) and a check of
 * the bucket's fence. A fence means the bucket moved: the transaction is rolled back before any work
 * ran and retried on the new shard, which the router remembers.
 *
 * A shard that cannot be reached fails with ServiceUnavailableError (UNAVAILABLE with a retry hint),
 * only for the ids it owns.
 */
export class ShardedUnitOfWork implements UnitOfWork {
  constructor(
    private readonly router: ShardRouter,
    private readonly homes: KeyHomePools = new KeyHomePools(router.map),
  ) {}

  async run<T, E>(routingId: string, work: (scope: TransactionScope) => Promise<Result<T, E>>): Promise<Result<T, E>> {
    const bucket = bucketOf(routingId);
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      const shard = this.router.shardOfBucket(bucket);
      const em = shard.primary.fork({ clear: true });
      try {
        await em.begin();
      } catch (error) {
        throw asUnavailable(error, shard.name);
      }
      let result: Result<T, E>;
      // Undo steps of writes made outside this transaction (a key's home claim on another shard).
      const undo: (() => Promise<void>)[] = [];
      try {
        if (this.router.multiShard) {
          const [row] = await em.execute<{ moved_to: string | null }[]>(`select shard_enter(${bucket}) as moved_to`);
          if (row?.moved_to) {
            await rollbackQuietly(em);
            this.router.learnMove(bucket, row.moved_to);
            continue;
          }
        }
        const scope = scopeOf(em);
        result = await work(this.router.multiShard ? withKeyHomes(scope, shard, this.router, this.homes, (step) => undo.push(step)) : scope);
      } catch (error) {
        await rollbackQuietly(em);
        await undoQuietly(undo);
        throw asUnavailable(error, shard.name);
      }
      try {
        if (result.ok) await em.commit();
        else await em.rollback();
      } catch (error) {
        await rollbackQuietly(em);
        await undoQuietly(undo);
        throw asUnavailable(error, shard.name);
      }
      if (!result.ok) await undoQuietly(undo);
      return result;
    }
    throw new Error(`bucket ${bucket} was redirected ${MAX_HOPS} times: the shard fences form a loop`);
  }
}

/**
 * Runs undo steps after a rollback; one that fails is left (a key's home row then stays, which can
 * refuse a later different request with that key but never allows a second reservation).
 */
async function undoQuietly(steps: readonly (() => Promise<void>)[]): Promise<void> {
  for (const step of steps) await step().catch(() => undefined);
}

/** Rolls back after a failure without hiding the failure behind a rollback error. */
async function rollbackQuietly(em: EntityManager): Promise<void> {
  try {
    await em.rollback();
  } catch {
    // The connection may be gone; the original error is the one worth reporting.
  }
}
