/**
 * Where a hotel's data lives is decided by a virtual bucket (one of 1,024) derived from the id alone,
 * so no lookup table sits on the hot path. Ids minted for a hotel carry its bucket in clear:
 * `<kind>_<3 hex digits>_<random>` (for example `htl_1a3_...`, `res_1a3_...`). Any other id (older
 * ids, test ids) falls back to a hash of the whole id; ids minted for such a hotel still embed that
 * hashed bucket, so a hotel and everything minted for it always share a bucket.
 *
 * This lives in the core because two adapters must agree on it (the id generator writes it, the
 * database router reads it) and adapters never import each other.
 */
export const BUCKET_COUNT = 1024;

const BUCKETED_ID = /^[a-z]+_([0-3][0-9a-f]{2})_./;

export function bucketOf(id: string): number {
  const match = BUCKETED_ID.exec(id);
  if (match?.[1] !== undefined) return Number.parseInt(match[1], 16);
  return fnv1a32(id) % BUCKET_COUNT;
}

/** The id segment naming a bucket: three lower-case hex digits. */
export function bucketTag(bucket: number): string {
  if (!Number.isInteger(bucket) || bucket < 0 || bucket >= BUCKET_COUNT) throw new RangeError(`bucket must be 0-${BUCKET_COUNT - 1}, got ${bucket}`);
  return bucket.toString(16).padStart(3, '0');
}

/** FNV-1a over UTF-16 code units: tiny, stable across runs and platforms, well spread for short ids. */
function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
