import pg from 'pg';
import { bucketOf } from '../../../core/shared/routing-bucket.js';
import { BUCKET_LOCK_SPACE } from './sharding-schema.js';
import type { ShardMap } from './shard-map.js';

export type MovePhase = 'lock' | 'copy' | 'verify' | 'switch' | 'delete' | 'done';

export interface MoveProgress {
  readonly phase: MovePhase;
  /** Rows handled so far in this phase, and in all. */
  readonly done: number;
  readonly total: number;
  readonly detail: string;
}

export interface MoveReport {
  readonly bucket: number;
  readonly from: string;
  readonly to: string;
  readonly hotels: number;
  /** Rows copied per table. */
  readonly rows: Readonly<Record<string, number>>;
  /** The shard map with the bucket on its new shard. */
  readonly map: ShardMap;
}

export interface MoveOptions {
  readonly map: ShardMap;
  readonly bucket: number;
  readonly to: string;
  readonly batchSize?: number;
  readonly onProgress?: (progress: MoveProgress) => void;
  /** Persists the new map (writes the map file); called after the fence commits, before the old rows are deleted. */
  readonly onSwitch?: (map: ShardMap) => Promise<void>;
}

interface TableInfo {
  readonly name: string;
  /** The column holding the hotel id (`id` for hotels, `hotel_id` elsewhere). */
  readonly key: string;
  /** Columns copied: all but those the target numbers itself (serial / identity). */
  readonly columns: readonly string[];
}

const quote = (identifier: string): string => `"${identifier.replaceAll('"', '""')}"`;

/**
 * Moves every row of one bucket from its shard to another while bookings continue:
 *
 * 1. lock: the source transaction takes the bucket's advisory lock in exclusive mode. Every unit of
 *    work on that bucket holds it in shared mode (`shard_enter`), so this waits for the ones in
 *    flight and holds new ones at their first statement until the source transaction ends. The
 *    target transaction takes the same lock there (a process already routing to the target waits).
 * 2. copy: the bucket's hotels and every per-hotel table (found from the catalog: tables with a
 *    `hotel_id` column, in foreign-key order), plus idempotency keys of the bucket's reservations,
 *    into the target, in batches, in one target transaction. The bucket's outbox rows are locked
 *    on the source too: the relay (which does not take bucket locks) skips them meanwhile.
 * 3. verify: row counts and an md5 over the copied columns of every table, source against target,
 *    both read inside the locked transactions; any difference rolls everything back.
 * 4. switch: the target commits, then the source writes the fence (bucket -> target) and commits,
 *    which releases the waiting units of work: they read the fence, roll back and retry on the
 *    target. `onSwitch` then persists the new map.
 * 5. delete: the bucket's rows leave the source, and a last check proves the source holds none.
 *
 * A crash before step 4 leaves the source untouched (the target's partial copy is rolled back, or
 * deleted by the next attempt); after the fence, re-running completes the switch.
 */
export async function moveBucket(options: MoveOptions): Promise<MoveReport> {
  const { map, bucket, to } = options;
  const progress = options.onProgress ?? (() => {});
  const batchSize = options.batchSize ?? 500;
  const from = map.shardOf(bucket);
  map.shard(to);
  if (from === to) throw new Error(`bucket ${bucket} is already on ${to}`);

  const source = new pg.Client({ connectionString: map.shard(from).url });
  const target = new pg.Client({ connectionString: map.shard(to).url });
  await source.connect();
  await target.connect();
  try {
    // Fingerprints compare text forms of rows: the same settings on both sides.
    for (const client of [source, target]) await client.query("set timezone = 'UTC'; set extra_float_digits = 1");
    progress({ phase: 'lock', done: 0, total: 1, detail: `waiting for bookings of bucket ${bucket} on ${from} to finish` });
    await source.query('begin');
    await source.query('select pg_advisory_xact_lock($1, $2)', [BUCKET_LOCK_SPACE, bucket]);
    const fence = await source.query<{ moved_to: string }>('select moved_to from shard_bucket_fences where bucket = $1', [bucket]);
    if (fence.rows[0]) throw new Error(`bucket ${bucket} already left ${from} for ${fence.rows[0].moved_to}: update the shard map`);
    await target.query('begin');
    await target.query('select pg_advisory_xact_lock($1, $2)', [BUCKET_LOCK_SPACE, bucket]);
    await target.query('delete from shard_bucket_fences where bucket = $1', [bucket]);
    progress({ phase: 'lock', done: 1, total: 1, detail: `bucket ${bucket} locked on ${from} and ${to}` });

    const tables = await perHotelTables(source);
    const hotelIds = (await source.query<{ id: string }>('select id from hotels')).rows.map((r) => r.id).filter((id) => bucketOf(id) === bucket);
    const reservationIds = (await source.query<{ id: string }>('select id from reservations where hotel_id = any($1)', [hotelIds])).rows.map((r) => r.id);
    const selections = [
      ...tables.map((t) => ({ table: t, where: `${quote(t.key)} = any($1)`, param: hotelIds })),
      ...(tables.some((t) => t.name === 'idempotency_keys') ? [] : await idempotencyTable(source)).map((t) => ({ table: t, where: 'resource_id = any($1)', param: reservationIds })),
    ];
    // Writers that do not take the bucket lock: the outbox relay marks rows sent (it skips locked rows).
    if (tables.some((t) => t.name === 'outbox')) await source.query('select 1 from outbox where hotel_id = any($1) for update', [hotelIds]);

    // Leftovers of an earlier attempt that died after copying: the target does not own the bucket.
    for (const s of [...selections].reverse()) await target.query(`delete from ${quote(s.table.name)} where ${s.where}`, [s.param]);

    const counts = await Promise.all(selections.map(async (s) => Number((await source.query(`select count(*) as n from ${quote(s.table.name)} where ${s.where}`, [s.param])).rows[0].n)));
    const total = counts.reduce((a, b) => a + b, 0);
    let copied = 0;
    const rows: Record<string, number> = {};
    for (const s of selections) {
      const cols = s.table.columns.map(quote).join(', ');
      const cursorSql = `select coalesce(json_agg(row_to_json(t)), '[]') as batch from (select ${cols} from ${quote(s.table.name)} where ${s.where} order by ctid limit $2 offset $3) as t`;
      rows[s.table.name] = 0;
      for (let offset = 0; ; offset += batchSize) {
        const batch = (await source.query<{ batch: unknown[] }>(cursorSql, [s.param, batchSize, offset])).rows[0]?.batch ?? [];
        if (batch.length === 0) break;
        await target.query(
          `insert into ${quote(s.table.name)} (${cols}) select ${cols} from json_populate_recordset(null::${quote(s.table.name)}, $1::json)`,
          [JSON.stringify(batch)],
        );
        copied += batch.length;
        rows[s.table.name] = (rows[s.table.name] ?? 0) + batch.length;
        progress({ phase: 'copy', done: copied, total, detail: s.table.name });
        if (batch.length < batchSize) break;
      }
    }

    for (const [i, s] of selections.entries()) {
      const [a, b] = await Promise.all([fingerprint(source, s.table, s.where, s.param), fingerprint(target, s.table, s.where, s.param)]);
      if (a.n !== b.n || a.md5 !== b.md5) throw new Error(`copy of ${s.table.name} differs: ${from} has ${a.n} rows (${a.md5}), ${to} has ${b.n} (${b.md5})`);
      progress({ phase: 'verify', done: i + 1, total: selections.length, detail: `${s.table.name}: ${a.n} rows match` });
    }

    await target.query('commit');
    await source.query('insert into shard_bucket_fences (bucket, moved_to) values ($1, $2)', [bucket, to]);
    await source.query('commit');
    const moved = map.withBucketMoved(bucket, to);
    await options.onSwitch?.(moved);
    progress({ phase: 'switch', done: 1, total: 1, detail: `bucket ${bucket} now routes to ${to}` });

    let deleted = 0;
    await source.query('begin');
    for (const s of [...selections].reverse()) {
      const result = await source.query(`delete from ${quote(s.table.name)} where ${s.where}`, [s.param]);
      deleted += result.rowCount ?? 0;
      progress({ phase: 'delete', done: deleted, total, detail: s.table.name });
    }
    await source.query('commit');
    for (const s of selections) {
      const left = Number((await source.query(`select count(*) as n from ${quote(s.table.name)} where ${s.where}`, [s.param])).rows[0].n);
      if (left !== 0) throw new Error(`${left} rows of ${s.table.name} are still on ${from} after the delete`);
    }
    progress({ phase: 'done', done: total, total, detail: `moved ${hotelIds.length} hotels, ${total} rows` });
    return { bucket, from, to, hotels: hotelIds.length, rows, map: moved };
  } catch (error) {
    await Promise.allSettled([source.query('rollback'), target.query('rollback')]);
    throw error;
  } finally {
    await Promise.allSettled([source.end(), target.end()]);
  }
}

/** Tables with a hotel id column (and `hotels` itself), parents before children. */
async function perHotelTables(client: pg.Client): Promise<TableInfo[]> {
  const { rows } = await client.query<{ table_name: string }>(
    `select distinct table_name from information_schema.columns
      where table_schema = 'public' and (column_name = 'hotel_id' or table_name = 'hotels')`,
  );
  const names = rows.map((r) => r.table_name);
  const deps = await client.query<{ child: string; parent: string }>(
    `select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
       from pg_constraint c where c.contype = 'f' and c.connamespace = 'public'::regnamespace`,
  );
  const ordered: string[] = [];
  const visit = (name: string, path: Set<string>) => {
    if (ordered.includes(name) || path.has(name)) return;
    path.add(name);
    for (const d of deps.rows) if (d.child === name && names.includes(d.parent) && d.parent !== name) visit(d.parent, path);
    ordered.push(name);
  };
  for (const name of names.sort()) visit(name, new Set());
  return Promise.all(ordered.map(async (name) => ({ name, key: name === 'hotels' ? 'id' : 'hotel_id', columns: await copiedColumns(client, name) })));
}

async function idempotencyTable(client: pg.Client): Promise<TableInfo[]> {
  const { rows } = await client.query(`select 1 from information_schema.columns where table_schema = 'public' and table_name = 'idempotency_keys' and column_name = 'resource_id'`);
  return rows.length === 0 ? [] : [{ name: 'idempotency_keys', key: 'resource_id', columns: await copiedColumns(client, 'idempotency_keys') }];
}

async function copiedColumns(client: pg.Client, table: string): Promise<string[]> {
  const { rows } = await client.query<{ column_name: string }>(
    `select column_name from information_schema.columns
      where table_schema = 'public' and table_name = $1
        and is_identity = 'NO' and coalesce(column_default, '') not like 'nextval(%' and is_generated = 'NEVER'
      order by ordinal_position`,
    [table],
  );
  return rows.map((r) => r.column_name);
}

async function fingerprint(client: pg.Client, table: TableInfo, where: string, param: unknown): Promise<{ n: number; md5: string }> {
  const tuple = table.columns.map((c) => `t.${quote(c)}`).join(', ');
  const { rows } = await client.query<{ n: string; md5: string | null }>(
    `select count(*) as n, md5(coalesce(string_agg(h, '' order by h), '')) as md5
       from (select md5(row(${tuple})::text) as h from ${quote(table.name)} as t where ${where}) as x`,
    [param],
  );
  return { n: Number(rows[0]?.n ?? 0), md5: rows[0]?.md5 ?? '' };
}
