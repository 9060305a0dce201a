import type { EntityManager } from '@mikro-orm/postgresql';
import { bucketOf } from '../../../core/shared/routing-bucket.js';
import type { ShardMap } from './shard-map.js';

/** The connections of one shard: its primary, and read connections (replicas, else the primary). */
export interface ShardConnections {
  readonly name: string;
  readonly primary: EntityManager;
  readonly replicas: readonly EntityManager[];
}

/**
 * Routes ids to shards: the configured map, corrected by the moves this process has learned from
 * fences (`shard_bucket_fences`) since it started, so a re-shard takes effect without a restart.
 */
export class ShardRouter<S extends ShardConnections = ShardConnections> {
  private readonly moved = new Map<number, string>();
  private readonly byName: ReadonlyMap<string, S>;

  constructor(
    readonly map: ShardMap,
    readonly shards: readonly S[],
  ) {
    this.byName = new Map(shards.map((s) => [s.name, s]));
    for (const spec of map.shards) if (!this.byName.has(spec.name)) throw new Error(`no connections for shard ${spec.name}`);
  }

  /** Re-sharding is possible (and fences are checked) only with more than one shard. */
  get multiShard(): boolean {
    return this.shards.length > 1;
  }

  shardOfBucket(bucket: number): S {
    return this.named(this.moved.get(bucket) ?? this.map.shardOf(bucket));
  }

  shardOf(id: string): S {
    return this.shardOfBucket(bucketOf(id));
  }

  named(name: string): S {
    const shard = this.byName.get(name);
    if (!shard) throw new Error(`bucket routed to unknown shard "${name}": it must be in the shard map`);
    return shard;
  }

  /** Groups items by the shard of their routing id. */
  group<T>(items: readonly T[], routingId: (item: T) => string): Map<S, T[]> {
    const groups = new Map<S, T[]>();
    for (const item of items) {
      const shard = this.shardOf(routingId(item));
      const group = groups.get(shard);
      if (group) group.push(item);
      else groups.set(shard, [item]);
    }
    return groups;
  }

  /** A fence said `bucket` now lives on `to`. */
  learnMove(bucket: number, to: string): void {
    this.named(to);
    if (this.map.shardOf(bucket) === to) this.moved.delete(bucket);
    else this.moved.set(bucket, to);
  }

  /** Applies every fence found on the shards, following chains (a bucket moved twice). */
  async refresh(): Promise<void> {
    const fences = new Map<string, Map<number, string>>();
    await Promise.all(
      this.shards.map(async (shard) => {
        const rows = await shard.primary.fork({ clear: true }).execute<{ bucket: number; moved_to: string }[]>('select bucket, moved_to from shard_bucket_fences');
        fences.set(shard.name, new Map(rows.map((r) => [r.bucket, r.moved_to])));
      }),
    );
    for (let b = 0; b < 1024; b++) {
      let at = this.map.shardOf(b);
      for (let hops = 0; hops < this.shards.length; hops++) {
        const next = fences.get(at)?.get(b);
        if (next === undefined || !this.byName.has(next)) break;
        at = next;
      }
      this.learnMove(b, at);
    }
  }
}
