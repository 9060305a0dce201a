/**
 * Advisory-lock namespace of bucket locks: `pg_advisory_xact_lock[_shared](BUCKET_LOCK_SPACE, bucket)`.
 * The same number is written into `shard_enter` by migration m0006 (the fence table, the function
 * and the guest-listing index are numbered migrations since then, not created at start).
 */
export const BUCKET_LOCK_SPACE = 4_242_002;
