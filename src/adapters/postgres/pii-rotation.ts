import type { EntityManager } from '@mikro-orm/postgresql';
import type { PiiProtector } from '../../ports/pii-protector.js';
import { PII_JSON_FIELDS } from './pii-fields.js';

/** One database to re-seal: a shard's name and its primary. */
export interface RotationShard {
  readonly name: string;
  readonly primary: EntityManager;
}

export interface RotationProgress {
  /** Rows checked so far, over every shard and table. */
  readonly done: number;
  /** Rows to check (counted at the start; grows with rows added meanwhile). */
  readonly total: number;
  readonly resealed: number;
}

export interface RotationReport {
  /** Per shard and table: rows checked and rows re-sealed. */
  readonly shards: readonly { name: string; tables: Record<string, { checked: number; resealed: number }> }[];
  readonly checked: number;
  readonly resealed: number;
}

/** Where sealed values live: a table, its key (for keyset paging), and sealed text columns or a JSON column with guest fields. */
interface SealedTable {
  readonly table: string;
  readonly keys: readonly { readonly name: string; readonly type: 'text' | 'bigint' }[];
  /** Text columns holding one sealed value each. */
  readonly columns?: readonly string[];
  /** A jsonb column whose PII_JSON_FIELDS are sealed values. */
  readonly json?: string;
  /** Blind index column recomputed from a sealed email column. */
  readonly emailIndex?: { readonly from: string; readonly to: string };
}

/** Every place guest PII is stored sealed (keep in step with the adapters that write them; docs/pii-at-rest.md). */
export const SEALED_TABLES: readonly SealedTable[] = [
  {
    table: 'reservations',
    keys: [{ name: 'hotel_id', type: 'text' }, { name: 'id', type: 'text' }],
    columns: ['guest_name', 'guest_email'],
    emailIndex: { from: 'guest_email', to: 'guest_email_index' },
  },
  { table: 'outbox', keys: [{ name: 'id', type: 'bigint' }], json: 'payload' },
  { table: 'booking_revisions', keys: [{ name: 'hotel_id', type: 'text' }, { name: 'sequence', type: 'bigint' }], json: 'snapshot' },
  { table: 'notifications', keys: [{ name: 'event_id', type: 'text' }], columns: ['recipient'] },
  {
    table: 'notification_deliveries',
    keys: [{ name: 'hotel_id', type: 'text' }, { name: 'consumer', type: 'text' }, { name: 'event_id', type: 'text' }],
    columns: ['recipient', 'subject'],
  },
  // Accounts (m0012; rows only on the accounts shard, the table empty elsewhere).
  {
    table: 'accounts',
    keys: [{ name: 'id', type: 'text' }],
    columns: ['email_sealed', 'name_sealed', 'phone_sealed'],
    emailIndex: { from: 'email_sealed', to: 'email_index' },
  },
  // Not personal data, but a secret shared with the partner that signs its webhooks: sealed the same way.
  { table: 'webhook_endpoints', keys: [{ name: 'hotel_id', type: 'text' }, { name: 'id', type: 'text' }], columns: ['secret'] },
];

type Row = Record<string, string | null>;

/** The sealed values of a table as [select expression, alias] pairs. */
function valuesOf(t: SealedTable): [string, string][] {
  if (t.json) return PII_JSON_FIELDS.map((f, i) => [`t.${t.json}->>'${f}'`, `v${i}`]);
  return (t.columns ?? []).map((c, i) => [`t.${c}`, `v${i}`]);
}

function batchSql(t: SealedTable, first: boolean): string {
  const keys = t.keys.map((k) => `t.${k.name}`);
  const values = valuesOf(t);
  const filter = t.json ? `(${values.map(([e]) => `${e} is not null`).join(' or ')})` : 'true';
  const after = first ? '' : ` and (${keys.join(', ')}) > (${t.keys.map((k) => `?::${k.type}`).join(', ')})`;
  return `select ${[...t.keys.map((k) => `t.${k.name}::text as ${k.name}`), ...values.map(([e, a]) => `${e} as ${a}`), ...(t.emailIndex ? [`t.${t.emailIndex.to} as idx`] : [])].join(', ')}
  from ${t.table} t
 where ${filter}${after}
 order by ${keys.join(', ')}
 limit ?`;
}

// Compare-and-set on the values read: a row the server rewrote meanwhile (sealed under the active
// key too) is left as the server wrote it. One statement per batch; rows a transaction holds locked
// are waited for, then re-checked against their new values (READ COMMITTED).
function updateSql(t: SealedTable): string {
  const values = valuesOf(t);
  const recordColumns = [...t.keys.map((k) => `${k.name} ${k.type}`), ...values.flatMap(([, a]) => [`o_${a} text`, `n_${a} text`]), ...(t.emailIndex ? ['n_idx text'] : [])];
  const set = t.json
    ? `${t.json} = t.${t.json} || jsonb_strip_nulls(jsonb_build_object(${PII_JSON_FIELDS.map((f, i) => `'${f}', u.n_v${i}`).join(', ')}))`
    : [...(t.columns ?? []).map((c, i) => `${c} = u.n_v${i}`), ...(t.emailIndex ? [`${t.emailIndex.to} = u.n_idx`] : [])].join(', ');
  const same = [...t.keys.map((k) => `t.${k.name} = u.${k.name}`), ...values.map(([e, a]) => `${e} is not distinct from u.o_${a}`)].join(' and ');
  return `update ${t.table} t set ${set}
  from jsonb_to_recordset(?::jsonb) as u(${recordColumns.join(', ')})
 where ${same}
returning 1`;
}

/**
 * Re-seals guest PII under the protector's active key, shard by shard, table by table, in batches:
 * every value that is plaintext (written before encryption at rest) or sealed under another key, and
 * every email index missing or made with another index key (SEALED_TABLES says where they are).
 * Idempotent and resumable (a second run finds nothing stale; an interrupted one starts over and
 * skips what is done); safe beside serving processes (compare-and-set per row). Not to be run while
 * `npm run reshard` moves a bucket (its verification would see rows change under it).
 */
export async function resealGuestPii(options: {
  readonly shards: readonly RotationShard[];
  readonly pii: PiiProtector;
  readonly batchSize?: number;
  readonly onProgress?: (progress: RotationProgress) => void;
}): Promise<RotationReport> {
  const { pii } = options;
  const batchSize = options.batchSize ?? 500;
  const counts = await Promise.all(
    options.shards.map(async (shard) => {
      const [row] = await shard.primary
        .fork({ clear: true })
        .execute<{ n: string }[]>(`select (${SEALED_TABLES.map((t) => `(select count(*) from ${t.table})`).join(' + ')})::text as n`);
      return Number(row?.n ?? 0);
    }),
  );
  const total = counts.reduce((a, b) => a + b, 0);
  let done = 0;
  let resealed = 0;
  // Rows added during the run (the server seals them under the active key) can make `done` pass the
  // count taken at the start: the total then grows with it, so the bar ends at 100%.
  const progress = () => options.onProgress?.({ done, total: Math.max(total, done), resealed });
  progress();

  const report: RotationReport['shards'][number][] = [];
  for (const shard of options.shards) {
    const em = shard.primary.fork({ clear: true });
    const tables: Record<string, { checked: number; resealed: number }> = {};
    for (const t of SEALED_TABLES) {
      const mine = { checked: 0, resealed: 0 };
      tables[t.table] = mine;
      const aliases = valuesOf(t).map(([, a]) => a);
      const email = t.emailIndex ? aliases[(t.columns ?? []).indexOf(t.emailIndex.from)] : undefined;
      let after: (string | null)[] | undefined;
      for (;;) {
        const rows = await em.execute<Row[]>(batchSql(t, after === undefined), [...(after ?? []), batchSize]);
        if (rows.length === 0) break;
        const stale = rows.filter(
          (r) =>
            aliases.some((a) => r[a] != null && pii.isStale(r[a])) ||
            (email !== undefined && r[email] != null && r['idx'] !== pii.emailIndex(pii.open(r[email]))),
        );
        if (stale.length > 0) {
          const updates = stale.map((r) => ({
            ...Object.fromEntries(t.keys.map((k) => [k.name, r[k.name]])),
            ...Object.fromEntries(aliases.flatMap((a) => [[`o_${a}`, r[a]], [`n_${a}`, r[a] == null ? null : pii.seal(pii.open(r[a]))]])),
            ...(email !== undefined && r[email] != null ? { n_idx: pii.emailIndex(pii.open(r[email])) } : {}),
          }));
          const updated = await em.execute<unknown[]>(updateSql(t), [JSON.stringify(updates)]);
          mine.resealed += updated.length;
          resealed += updated.length;
        }
        mine.checked += rows.length;
        done += rows.length;
        progress();
        const last = rows[rows.length - 1];
        if (!last || rows.length < batchSize) break;
        after = t.keys.map((k) => last[k.name] ?? null);
      }
    }
    report.push({ name: shard.name, tables });
  }
  progress();
  return { shards: report, checked: done, resealed };
}
