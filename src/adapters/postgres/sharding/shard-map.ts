import { existsSync, readFileSync } from 'node:fs';
import { BUCKET_COUNT } from '../../../core/shared/routing-bucket.js';

/** One database and the buckets it owns. */
export interface ShardSpec {
  readonly name: string;
  /** postgres:// URL of the primary: every write and every booking-path read. */
  readonly url: string;
  /** postgres:// URLs of streaming replicas: reads that tolerate staleness (search, listings). */
  readonly replicas: readonly string[];
  /** Inclusive bucket ranges, in ascending order. */
  readonly buckets: readonly (readonly [number, number])[];
}

export class ShardMapError extends Error {
  override readonly name = 'ShardMapError';
}

/**
 * Which shard owns each of the 1,024 buckets. Built only through `parseShardMap`, which refuses a map
 * with a gap or an overlap, so `shardOf` is total.
 *
 * JSON form: `{"shards":[{"name":"s0","url":"postgres://...","replicas":["postgres://..."],"buckets":"0-511"},
 * {"name":"s1","url":"postgres://...","buckets":"512-1023"}]}`; `buckets` is a comma list of
 * ranges and single buckets ("0-99,200,300-1023"); `replicas` is optional.
 */
export class ShardMap {
  private readonly owner: readonly string[];

  private constructor(readonly shards: readonly ShardSpec[]) {
    const owner: string[] = new Array<string>(BUCKET_COUNT);
    for (const shard of shards) for (const [from, to] of shard.buckets) for (let b = from; b <= to; b++) owner[b] = shard.name;
    this.owner = owner;
  }

  /** The name of the shard that owns `bucket`. */
  shardOf(bucket: number): string {
    const name = this.owner[bucket];
    if (name === undefined) throw new RangeError(`bucket must be 0-${BUCKET_COUNT - 1}, got ${bucket}`);
    return name;
  }

  shard(name: string): ShardSpec {
    const shard = this.shards.find((s) => s.name === name);
    if (!shard) throw new ShardMapError(`no shard named "${name}" in the shard map (shards: ${this.shards.map((s) => s.name).join(', ')})`);
    return shard;
  }

  /** The same map with `bucket` owned by `to`. */
  withBucketMoved(bucket: number, to: string): ShardMap {
    this.shard(to);
    const owner = [...this.owner];
    owner[bucket] = to;
    return ShardMap.fromOwners(
      this.shards.map((s) => ({ name: s.name, url: s.url, replicas: s.replicas })),
      owner,
    );
  }

  toJSON(): unknown {
    return {
      shards: this.shards.map((s) => ({
        name: s.name,
        url: s.url,
        ...(s.replicas.length > 0 ? { replicas: s.replicas } : {}),
        buckets: formatRanges(s.buckets),
      })),
    };
  }

  /** A map with one shard owning every bucket: the single-database configuration. */
  static single(url: string, replicas: readonly string[] = []): ShardMap {
    return new ShardMap([{ name: 's0', url, replicas, buckets: [[0, BUCKET_COUNT - 1]] }]);
  }

  /** Buckets split evenly, in order, over the given databases (the embedded default). */
  static even(shards: readonly { name: string; url: string }[]): ShardMap {
    const owner = Array.from({ length: BUCKET_COUNT }, (_, b) => shards[Math.floor((b * shards.length) / BUCKET_COUNT)]?.name ?? '');
    return ShardMap.fromOwners(
      shards.map((s) => ({ ...s, replicas: [] })),
      owner,
    );
  }

  private static fromOwners(shards: readonly Omit<ShardSpec, 'buckets'>[], owner: readonly string[]): ShardMap {
    return new ShardMap(shards.map((s) => ({ ...s, buckets: rangesOf(owner.flatMap((name, b) => (name === s.name ? [b] : []))) })));
  }

  /** Validates the JSON form; the error names every problem (unknown fields, bad URLs, gaps, overlaps). */
  static parse(json: unknown): ShardMap {
    const problems: string[] = [];
    const root = json as { shards?: unknown } | null;
    if (typeof root !== 'object' || root === null || !Array.isArray(root.shards) || root.shards.length === 0) {
      throw new ShardMapError('shard map must be an object {"shards": [{"name", "url", "buckets", "replicas"?}, ...]} with at least one shard');
    }
    const shards: ShardSpec[] = [];
    const names = new Set<string>();
    root.shards.forEach((raw: unknown, i: number) => {
      const at = `shards[${i}]`;
      if (typeof raw !== 'object' || raw === null) {
        problems.push(`${at} must be an object`);
        return;
      }
      const s = raw as Record<string, unknown>;
      for (const key of Object.keys(s)) if (!['name', 'url', 'replicas', 'buckets'].includes(key)) problems.push(`${at} has unknown field "${key}"`);
      const name = typeof s['name'] === 'string' && /^[a-z0-9_-]{1,32}$/.test(s['name']) ? s['name'] : undefined;
      if (!name) problems.push(`${at}.name must be 1-32 characters of a-z, 0-9, _ or -`);
      else if (names.has(name)) problems.push(`${at}.name "${name}" is used by another shard`);
      else names.add(name);
      const label = name ? `shard "${name}"` : at;
      const url = checkUrl(s['url'], `${label} url`, problems);
      const replicasRaw = s['replicas'] ?? [];
      const replicas: string[] = [];
      if (!Array.isArray(replicasRaw)) problems.push(`${label} replicas must be a list of postgres:// URLs`);
      else replicasRaw.forEach((r: unknown, j: number) => {
        const checked = checkUrl(r, `${label} replicas[${j}]`, problems);
        if (checked) replicas.push(checked);
      });
      const buckets = typeof s['buckets'] === 'string' ? parseRanges(s['buckets'], label, problems) : undefined;
      if (typeof s['buckets'] !== 'string') problems.push(`${label} buckets must be a string like "0-511" or "0-99,512-1023"`);
      if (name && url && buckets) shards.push({ name, url, replicas, buckets });
    });
    if (problems.length === 0) problems.push(...coverageProblems(shards));
    if (problems.length > 0) throw new ShardMapError(`invalid shard map:\n  - ${problems.join('\n  - ')}`);
    return new ShardMap(shards);
  }
}

/**
 * Reads a shard map from `source`: inline JSON (starting with `{`) or the path of a JSON file.
 * Throws ShardMapError with the reason.
 */
export function readShardMap(source: string): ShardMap {
  const text = source.trim();
  let json: string;
  if (text.startsWith('{')) json = text;
  else if (existsSync(text)) json = readFileSync(text, 'utf8');
  else throw new ShardMapError(`shard map "${text}" is neither JSON nor an existing file`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new ShardMapError(`shard map is not valid JSON: ${(error as Error).message}`);
  }
  return ShardMap.parse(parsed);
}

function checkUrl(value: unknown, label: string, problems: string[]): string | undefined {
  if (typeof value !== 'string') {
    problems.push(`${label} must be a postgres:// URL`);
    return undefined;
  }
  try {
    const url = new URL(value);
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
      problems.push(`${label} must use postgres: or postgresql:, got ${url.protocol}`);
      return undefined;
    }
  } catch {
    problems.push(`${label} is not a URL`);
    return undefined;
  }
  return value;
}

function parseRanges(text: string, label: string, problems: string[]): [number, number][] | undefined {
  const ranges: [number, number][] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    const match = /^(\d{1,4})(?:-(\d{1,4}))?$/.exec(part);
    const from = match ? Number(match[1]) : NaN;
    const to = match?.[2] !== undefined ? Number(match[2]) : from;
    if (!match || from > to || to >= BUCKET_COUNT) {
      problems.push(`${label} buckets "${part}" is not a bucket or a range "from-to" within 0-${BUCKET_COUNT - 1}`);
      return undefined;
    }
    ranges.push([from, to]);
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

/** Every bucket owned exactly once; names the buckets of each gap and each overlap. */
function coverageProblems(shards: readonly ShardSpec[]): string[] {
  const owners: string[][] = Array.from({ length: BUCKET_COUNT }, () => []);
  for (const shard of shards) for (const [from, to] of shard.buckets) for (let b = from; b <= to; b++) owners[b]?.push(shard.name);
  const problems: string[] = [];
  const gaps = rangesOf(owners.flatMap((o, b) => (o.length === 0 ? [b] : [])));
  if (gaps.length > 0) problems.push(`buckets ${formatRanges(gaps)} are not assigned to any shard (a gap)`);
  const overlaps = new Map<string, number[]>();
  owners.forEach((o, b) => {
    if (o.length > 1) {
      const key = [...new Set(o)].join(' and ');
      overlaps.set(key, [...(overlaps.get(key) ?? []), b]);
    }
  });
  for (const [who, buckets] of overlaps) problems.push(`buckets ${formatRanges(rangesOf(buckets))} are assigned more than once (${who}): an overlap`);
  return problems;
}

function rangesOf(sorted: readonly number[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const b of sorted) {
    const last = ranges.at(-1);
    if (last && last[1] === b - 1) last[1] = b;
    else ranges.push([b, b]);
  }
  return ranges;
}

function formatRanges(ranges: readonly (readonly [number, number])[]): string {
  return ranges.map(([from, to]) => (from === to ? `${from}` : `${from}-${to}`)).join(',');
}
