import { createHash } from 'node:crypto';
import pg from 'pg';
import type { ClaimOutcome, IdempotencyClaim } from '../../../ports/idempotency-store.js';
import type { TransactionScope } from '../../../ports/unit-of-work.js';
import { isConnectionError } from './connection-errors.js';
import type { ShardMap } from './shard-map.js';
import type { ShardConnections, ShardRouter } from './shard-router.js';

const HOME_CLAIM_SQL = `
insert into idempotency_keys (scope, key, fingerprint_sha256, resource_id)
values ($1, $2, decode($3, 'hex'), $4)
on conflict (scope, key) do nothing
returning resource_id`;

const HOME_READ_SQL = `select encode(fingerprint_sha256, 'hex') as fingerprint from idempotency_keys where scope = $1 and key = $2`;

const HOME_RELEASE_SQL = 'delete from idempotency_keys where scope = $1 and key = $2 and resource_id = $3';

/**
 * Small pools, one per shard, only for home claims. A booking holds a connection of its hotel's
 * shard while it claims on the key's home shard: taken from the shards' own pools, bookings on s0
 * waiting for s1 and bookings on s1 waiting for s0 can hold every connection of both and wait for
 * ever. Home claims are single statements that never wait for a pool themselves, so separate pools
 * cannot close such a cycle.
 */
export class KeyHomePools {
  private readonly pools = new Map<string, pg.Pool>();

  constructor(
    private readonly map: ShardMap,
    private readonly size = 4,
  ) {}

  of(shard: string): pg.Pool {
    let pool = this.pools.get(shard);
    if (!pool) {
      const spec = this.map.shards.find((s) => s.name === shard);
      if (!spec) throw new Error(`no shard named ${shard} in the map`);
      pool = new pg.Pool({ connectionString: spec.url, max: this.size });
      // An idle connection that dies is dropped by the pool; without a listener it would crash the process.
      pool.on('error', () => undefined);
      this.pools.set(shard, pool);
    }
    return pool;
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.end()));
    this.pools.clear();
  }
}

/** The routing id of a key's home: always hashed (the `key:` prefix never looks like a bucketed id). */
export const keyHomeRoutingId = (scope: string, key: string): string => `key:${scope}\u0000${key}`;

/**
 * Idempotency keys across shards. A key is claimed on the shard of the hotel it books, in the
 * booking's transaction; on its own that cannot see the same key used for a hotel on another shard.
 * So every key also has a **home shard**, fixed by a hash of (scope, key). The claim on the hotel's
 * shard is the home claim when the two are the same shard. Otherwise, before the local claim, the key
 * is claimed on its home shard, in the same `idempotency_keys` table, by a statement that commits
 * on its own:
 * - a new home row: go on (and delete it again if the booking's transaction does not commit);
 * - a home row with the same fingerprint: a retry of the same request (whose hotel, part of the
 *   fingerprint, is the same): go on, the local claim answers with the first result;
 * - a home row with another fingerprint: `conflict` (IDEMPOTENCY_KEY_REUSED), nothing is booked.
 * Two requests with one key racing for two shards meet on the home row's unique index: the second
 * waits for the first (an autocommit insert, or a booking transaction on the home shard) and then
 * sees its row. The home claim runs before the booking takes any row lock, so it cannot be part
 * of a deadlock.
 *
 * Failure window: the home row and the booking commit separately. If the process dies after the
 * home row committed and before the booking committed (or before the compensating delete ran), the
 * home row stays: a retry of the same request still books (same fingerprint), and a different request
 * with that key is refused. That window can only refuse a key, never let it create two reservations.
 *
 * Second window, by choice: while a key's home shard is unreachable, bookings on the shards that are
 * up go on with their local claim alone (a shard outage fails only its own hotels). A request that
 * reuses such a key for a hotel on another shard during the outage is then not detected.
 */
export function withKeyHomes(
  scope: TransactionScope,
  hotelShard: ShardConnections,
  router: ShardRouter,
  pools: KeyHomePools,
  onRollback: (undo: () => Promise<void>) => void,
): TransactionScope {
  async function claimAtHome(claim: IdempotencyClaim): Promise<ClaimOutcome | undefined> {
    const home = router.shardOf(keyHomeRoutingId(claim.scope, claim.key));
    if (home === hotelShard) return undefined;
    const fingerprint = sha256Hex(claim.fingerprint);
    const pool = pools.of(home.name);
    try {
      // A home row deleted by a failed attempt between our two statements: claim again.
      for (let attempt = 0; attempt < 3; attempt++) {
        const inserted = await pool.query(HOME_CLAIM_SQL, [claim.scope, claim.key, fingerprint, claim.resourceId]);
        if (inserted.rowCount === 1) {
          onRollback(async () => void (await pool.query(HOME_RELEASE_SQL, [claim.scope, claim.key, claim.resourceId])));
          return undefined;
        }
        const { rows } = await pool.query<{ fingerprint: string }>(HOME_READ_SQL, [claim.scope, claim.key]);
        const existing = rows[0];
        if (existing) return existing.fingerprint === fingerprint ? undefined : { kind: 'conflict' };
      }
    } catch (error) {
      // The home shard is down: book on the local claim alone rather than fail hotels of a shard that
      // is up (a shard outage must only fail its own hotels). See the failure windows above.
      if (isConnectionError(error)) return undefined;
      throw error;
    }
    throw new Error(`idempotency key ${claim.scope}/${claim.key}: its home row kept disappearing`);
  }

  const { bookings } = scope;
  return {
    ...scope,
    idempotency: {
      async claim(claim) {
        return (await claimAtHome(claim)) ?? scope.idempotency.claim(claim);
      },
    },
    ...(bookings
      ? {
          bookings: {
            async claimAndLoad(claim, lookup) {
              const refused = await claimAtHome(claim);
              return refused ? { claim: refused } : bookings.claimAndLoad(claim, lookup);
            },
            addReservation: (reservation, events) => bookings.addReservation(reservation, events),
          },
        }
      : {}),
  };
}

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
