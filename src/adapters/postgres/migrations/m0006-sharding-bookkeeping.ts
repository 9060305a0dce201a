import { Migration } from '@mikro-orm/migrations';

/** Advisory-lock namespace of bucket locks: `pg_advisory_xact_lock[_shared](4242002, bucket)`. */
const BUCKET_LOCK_SPACE = 4_242_002;

/**
 * The sharding layer's own objects, on every database (one shard or many):
 * - `shard_bucket_fences`: on the shard a bucket left, a row naming where it went. A unit of work
 *   that reaches the old shard (a process with a stale map) finds it and retries on the new one.
 * - `shard_enter(bucket)`: takes the bucket's lock in shared mode for the transaction, then reads the
 *   fence. It is VOLATILE plpgsql, so under READ COMMITTED the fence is read with a snapshot taken
 *   after the lock was granted: a move that committed while we waited is always seen.
 * - an index for the guest's reservation listing (keyset on created_at, id per guest email).
 *
 * Until this migration they were created at every start, outside the numbered migrations; every
 * statement is idempotent so that databases which already have them migrate cleanly.
 */
export class M0006ShardingBookkeeping extends Migration {
  override up(): void {
    this.addSql(`
      create table if not exists shard_bucket_fences (
        bucket integer primary key check (bucket between 0 and 1023),
        moved_to text not null,
        moved_at timestamptz not null default now()
      )`);
    this.addSql(`
      create or replace function shard_enter(p_bucket integer) returns text
        language plpgsql volatile as $$
      begin
        perform pg_advisory_xact_lock_shared(${BUCKET_LOCK_SPACE}, p_bucket);
        return (select moved_to from shard_bucket_fences where bucket = p_bucket);
      end $$`);
    this.addSql('create index if not exists reservations_guest_email_created_idx on reservations (guest_email, created_at, id)');
  }

  override down(): void {
    this.addSql('drop index if exists reservations_guest_email_created_idx');
    this.addSql('drop function if exists shard_enter(integer)');
    this.addSql('drop table if exists shard_bucket_fences');
  }
}
