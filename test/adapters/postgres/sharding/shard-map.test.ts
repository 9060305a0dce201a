import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../../src/app/config.js';
import { readShardMap, ShardMap, ShardMapError } from '../../../../src/adapters/postgres/sharding/shard-map.js';
import { randomIdGenerator } from '../../../../src/adapters/system/random-id-generator.js';
import { BUCKET_COUNT, bucketOf } from '../../../../src/core/shared/routing-bucket.js';

const url = (db: string) => `postgres://postgres@127.0.0.1:5432/${db}`;
const map = (...shards: { name: string; buckets: string; replicas?: string[] }[]) => ({ shards: shards.map((s) => ({ url: url(s.name), ...s })) });

describe('shard map', () => {
  it('assigns every bucket to exactly one shard, from ranges and single buckets', () => {
    const m = ShardMap.parse(map({ name: 's0', buckets: '0-99,512,600-1023', replicas: [url('r0')] }, { name: 's1', buckets: '100-511,513-599' }));
    expect([0, 99, 100, 511, 512, 513, 599, 600, 1023].map((b) => m.shardOf(b))).toEqual(['s0', 's0', 's1', 's1', 's0', 's1', 's1', 's0', 's0']);
    expect(m.shard('s0').replicas).toEqual([url('r0')]);
    expect(ShardMap.parse(JSON.parse(JSON.stringify(m)))).toEqual(m);
  });

  it('refuses a gap, naming the buckets nobody owns', () => {
    expect(() => ShardMap.parse(map({ name: 's0', buckets: '0-499' }, { name: 's1', buckets: '512-1000' }))).toThrow(
      'buckets 500-511,1001-1023 are not assigned to any shard (a gap)',
    );
  });

  it('refuses an overlap, naming the buckets and the shards', () => {
    expect(() => ShardMap.parse(map({ name: 's0', buckets: '0-520' }, { name: 's1', buckets: '512-1023' }))).toThrow(
      'buckets 512-520 are assigned more than once (s0 and s1): an overlap',
    );
  });

  it('names every malformed field at once', () => {
    const bad = { shards: [{ name: 'S 0', url: 'mysql://x', buckets: '0-2000', replicas: 'nope', extra: 1 }, { name: 's1', url: url('a'), buckets: 7 }] };
    const error = (() => {
      try {
        ShardMap.parse(bad);
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ShardMapError);
    for (const part of ['unknown field "extra"', 'shards[0].name must be', 'url must use postgres:', 'replicas must be a list', 'buckets "0-2000" is not a bucket', 'shard "s1" buckets must be a string']) {
      expect(error?.message).toContain(part);
    }
  });

  it('reads inline JSON or a file, and moves a bucket', () => {
    const json = JSON.stringify(map({ name: 's0', buckets: '0-511' }, { name: 's1', buckets: '512-1023' }));
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'shards-')), 'map.json');
    writeFileSync(file, json);
    expect(readShardMap(file)).toEqual(readShardMap(json));
    const moved = readShardMap(json).withBucketMoved(7, 's1');
    expect(moved.shardOf(7)).toBe('s1');
    expect((moved.toJSON() as { shards: { buckets: string }[] }).shards.map((s) => s.buckets)).toEqual(['0-6,8-511', '7,512-1023']);
    expect(() => readShardMap('/nowhere/map.json')).toThrow('neither JSON nor an existing file');
  });

  it('stops the start with SHARD_MAP problems in the configuration error', () => {
    const load = () => loadConfig({ SHARD_MAP: JSON.stringify(map({ name: 's0', buckets: '0-100' })), DATABASE_URL: url('x') });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow('buckets 101-1023 are not assigned to any shard');
    expect(load).toThrow('set DATABASE_URL (one database) or SHARD_MAP (several), not both');
    expect(loadConfig({ SHARD_MAP: JSON.stringify(map({ name: 's0', buckets: '0-1023' })) }).shardMap?.shardOf(5)).toBe('s0');
  });
});

describe('routing ids', () => {
  it('mints hotel ids with a bucket, and ids for a hotel in the same bucket', () => {
    const buckets = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const hotelId = randomIdGenerator.hotelId();
      expect(hotelId).toMatch(/^htl_[0-3][0-9a-f]{2}_[0-9a-f]{32}$/);
      const bucket = bucketOf(hotelId);
      buckets.add(bucket);
      for (const id of [randomIdGenerator.roomTypeId(hotelId), randomIdGenerator.ratePlanId(hotelId), randomIdGenerator.reservationId(hotelId)]) {
        expect(bucketOf(id)).toBe(bucket);
      }
    }
    expect(buckets.size).toBeGreaterThan(150);
  });

  it('hashes ids without a bucket into the same range, stably, and keeps their minted ids with them', () => {
    for (const legacy of ['htl_0123456789abcdef', 'htl-4b1c', 'seed', '']) {
      const bucket = bucketOf(legacy);
      expect(bucket).toBeGreaterThanOrEqual(0);
      expect(bucket).toBeLessThan(BUCKET_COUNT);
      expect(bucketOf(legacy)).toBe(bucket);
      expect(bucketOf(randomIdGenerator.reservationId(legacy))).toBe(bucket);
    }
  });
});
