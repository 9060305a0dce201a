import type { EntityManager } from '@mikro-orm/postgresql';

/** Advisory-lock namespace of bucket locks: `pg_advisory_xact_lock[_shared](BUCKET_LOCK_SPACE, bucket)`. */
export const BUCKET_LOCK_SPACE = 4_242_002;

// Same key as the schema migrations use, so sharding DDL never races a migration on the same shard.
const SCHEMA_LOCK_KEY = 4_242_001;

/**
 * The sharding layer's own objects on every shard, created idempotently after the migrations:
 * - `shard_bucket_fences`: on the shard a bucket left, a row naming where it went. A unit of work
 *   that reaches the old shard (a process with a stale map) finds it and retries on the new one.
 * - `shard_enter(bucket)`: takes the bucket's lock in shared mode for the transaction, then reads the
 *   fence. It is VOLATILE plpgsql, so under READ COMMITTED the fence is read with a snapshot taken
 *   after the lock was granted: a move that committed while we waited is always seen.
 * - an index for the guest's reservation listing (keyset on created_at, id per guest email).
 */
const STATEMENTS = [
  `create table if not exists shard_bucket_fences (
     bucket integer primary key check (bucket between 0 and 1023),
     moved_to text not null,
     moved_at timestamptz not null default now()
   )`,
  `create or replace function shard_enter(p_bucket integer) returns text
     language plpgsql volatile as $$
   begin
     perform pg_advisory_xact_lock_shared(${BUCKET_LOCK_SPACE}, p_bucket);
     return (select moved_to from shard_bucket_fences where bucket = p_bucket);
   end $$`,
  'create index if not exists reservations_guest_email_created_idx on reservations (guest_email, created_at, id)',
];

export async function ensureShardingSchema(em: EntityManager): Promise<void> {
  await em.fork({ clear: true }).transactional(async (tx) => {
    await tx.execute(`select pg_advisory_xact_lock(${SCHEMA_LOCK_KEY})`);
    for (const sql of STATEMENTS) await tx.execute(sql);
  });
}
