import type { PiiProtector } from '../../../ports/pii-protector.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { bucketOf } from '../../../core/shared/routing-bucket.js';
import type { Result } from '../../../core/shared/result.js';
import type { TransactionScope, UnitOfWork } from '../../../ports/unit-of-work.js';
import type { PendingBucketEntry } from '../stay-bookings.js';
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
 * With several shards, the transaction's first statement calls `shard_enter(bucket)`: a shared
 * advisory lock on the bucket (the re-shard mover takes it exclusively while it copies the bucket) and
 * a check of the bucket's fence. A booking's claim-and-load statement does it itself (a gate that
 * every other part of that statement waits on); any other first call sends it on its own. A fence
 * means the bucket moved: the transaction is rolled back (nothing ran past the gate) and retried on
 * the new shard, which the router remembers.
 *
 * A shard that cannot be reached fails with ServiceUnavailableError (UNAVAILABLE with a retry hint),
 * only for the ids it owns.
 */
export class ShardedUnitOfWork implements UnitOfWork {
  constructor(
    private readonly router: ShardRouter,
    private readonly pii: PiiProtector,
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
          const entry = new BucketEntry(em, bucket);
          const scope = withKeyHomes(entering(scopeOf(em, this.pii, entry), () => entry.ensure()), shard, this.router, this.homes, (step) => undo.push(step));
          result = await work(scope);
        } else {
          result = await work(scopeOf(em, this.pii));
        }
      } catch (error) {
        await rollbackQuietly(em);
        await undoQuietly(undo);
        if (error instanceof BucketMoved) {
          this.router.learnMove(bucket, error.to);
          continue;
        }
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

/** The transaction found the bucket's fence: it moved to shard `to`. */
class BucketMoved extends Error {
  constructor(readonly to: string) {
    super(`bucket moved to ${to}`);
  }
}

/**
 * `shard_enter(bucket)` once per transaction, before its first statement: by the booking's
 * claim-and-load statement itself when that comes first (one round trip fewer), else on its own.
 */
class BucketEntry implements PendingBucketEntry {
  private pending = true;
  private entering: Promise<void> | undefined;

  constructor(
    private readonly em: EntityManager,
    private readonly bucket: number,
  ) {}

  pendingBucket(): number | undefined {
    return this.pending ? this.bucket : undefined;
  }

  entered(movedTo: string | null): void {
    this.pending = false;
    if (movedTo) throw new BucketMoved(movedTo);
  }

  ensure(): Promise<void> {
    if (!this.pending) return Promise.resolve();
    this.entering ??= this.em
      .execute<{ moved_to: string | null }[]>(`select shard_enter(${this.bucket}) as moved_to`)
      .then(([row]) => this.entered(row?.moved_to ?? null));
    return this.entering;
  }
}

/** Every repository call first enters the bucket, except the claim-and-load, which enters it itself. */
function entering(scope: TransactionScope, ensure: () => Promise<void>): TransactionScope {
  const wrap = <R extends object>(repository: R): R =>
    new Proxy(repository, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          await ensure();
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  const { bookings, ...repositories } = scope;
  // Every repository of the scope, present and future, enters the bucket before its first statement.
  const wrapped = Object.fromEntries(Object.entries(repositories).map(([name, repository]) => [name, wrap(repository as object)])) as Omit<TransactionScope, 'bookings'>;
  return {
    ...wrapped,
    ...(bookings
      ? {
          bookings: {
            claimAndLoad: (claim, lookup) => bookings.claimAndLoad(claim, lookup),
            addReservation: async (reservation, events) => {
              await ensure();
              return bookings.addReservation(reservation, events);
            },
          },
        }
      : {}),
  };
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
