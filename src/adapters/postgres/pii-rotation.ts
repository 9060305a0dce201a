import type { EntityManager } from '@mikro-orm/postgresql';
import type { PiiProtector } from '../../ports/pii-protector.js';

/** One database to re-seal: a shard's name and its primary. */
export interface RotationShard {
  readonly name: string;
  readonly primary: EntityManager;
}

export interface RotationProgress {
  /** Rows checked so far, over every shard and table. */
  readonly done: number;
  /** Rows to check: reservations plus outbox rows carrying guest data, counted at the start. */
  readonly total: number;
  readonly resealed: number;
}

export interface RotationReport {
  /** Per shard: reservations and outbox rows checked and re-sealed. */
  readonly shards: readonly { name: string; reservations: { checked: number; resealed: number }; outbox: { checked: number; resealed: number } }[];
  readonly checked: number;
  readonly resealed: number;
}

const RESERVATION_BATCH_SQL = `
select hotel_id, id, guest_name, guest_email, guest_email_index
  from reservations
 where (hotel_id, id) > (?, ?)
 order by hotel_id, id
 limit ?`;

const OUTBOX_BATCH_SQL = `
select o.id::text as id, o.payload->>'guestName' as guest_name, o.payload->>'guestEmail' as guest_email
  from outbox o
 where o.id > ?::bigint and (o.payload->>'guestName' is not null or o.payload->>'guestEmail' is not null)
 order by o.id -- the bigint: a bare "id" would sort the text alias ('10' before '9')
 limit ?`;

/**
 * Re-seals guest PII under the protector's active key, shard by shard in batches: every reservation
 * whose name or email is plaintext (written before encryption at rest) or sealed under another key,
 * or whose email index is missing or made with another index key, and the guest fields of outbox
 * payloads likewise. Idempotent and resumable (a second run finds nothing stale; an interrupted one
 * starts over and skips what is done); safe beside a serving process (compare-and-set per row).
 * Not to be run while `npm run reshard` moves a bucket (its verification would see rows change).
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
        .execute<{ n: string }[]>(`select ((select count(*) from reservations) + (select count(*) from outbox where payload->>'guestName' is not null or payload->>'guestEmail' is not null))::text as n`);
      return Number(row?.n ?? 0);
    }),
  );
  const total = counts.reduce((a, b) => a + b, 0);
  let done = 0;
  let resealed = 0;
  const report: RotationReport['shards'][number][] = [];
  // Rows booked during the run (the server seals them under the active key) can make `done` pass the
  // count taken at the start: the total then grows with it, so the bar ends at 100%.
  const progress = () => options.onProgress?.({ done, total: Math.max(total, done), resealed });
  progress();

  for (const shard of options.shards) {
    const em = shard.primary.fork({ clear: true });
    const mine = { name: shard.name, reservations: { checked: 0, resealed: 0 }, outbox: { checked: 0, resealed: 0 } };

    let after: [string, string] = ['', ''];
    for (;;) {
      const rows = await em.execute<{ hotel_id: string; id: string; guest_name: string; guest_email: string; guest_email_index: string | null }[]>(RESERVATION_BATCH_SQL, [
        ...after,
        batchSize,
      ]);
      if (rows.length === 0) break;
      const stale = rows.filter((r) => pii.isStale(r.guest_name) || pii.isStale(r.guest_email) || r.guest_email_index !== pii.emailIndex(pii.open(r.guest_email)));
      if (stale.length > 0) {
        // Compare-and-set on the values read: a row the server rewrote meanwhile (sealed under the
        // active key too) is left as the server wrote it. Rows a booking holds locked are waited for,
        // then re-checked against their new values (READ COMMITTED).
        const updated = await em.execute<{ id: string }[]>(
          `update reservations r
              set guest_name = u.new_name, guest_email = u.new_email, guest_email_index = u.new_index
             from jsonb_to_recordset(?::jsonb)
                  as u(hotel_id text, id text, old_name text, old_email text, new_name text, new_email text, new_index text)
            where r.hotel_id = u.hotel_id and r.id = u.id and r.guest_name = u.old_name and r.guest_email = u.old_email
           returning r.id`,
          [
            JSON.stringify(
              stale.map((r) => ({
                hotel_id: r.hotel_id,
                id: r.id,
                old_name: r.guest_name,
                old_email: r.guest_email,
                new_name: pii.seal(pii.open(r.guest_name)),
                new_email: pii.seal(pii.open(r.guest_email)),
                new_index: pii.emailIndex(pii.open(r.guest_email)),
              })),
            ),
          ],
        );
        mine.reservations.resealed += updated.length;
        resealed += updated.length;
      }
      mine.reservations.checked += rows.length;
      done += rows.length;
      progress();
      const last = rows[rows.length - 1];
      if (!last || rows.length < batchSize) break;
      after = [last.hotel_id, last.id];
    }

    let afterId = '0';
    for (;;) {
      const rows = await em.execute<{ id: string; guest_name: string | null; guest_email: string | null }[]>(OUTBOX_BATCH_SQL, [afterId, batchSize]);
      if (rows.length === 0) break;
      const stale = rows.filter((r) => (r.guest_name !== null && pii.isStale(r.guest_name)) || (r.guest_email !== null && pii.isStale(r.guest_email)));
      for (const r of stale) {
        // Each field replaced only if it still holds what was read (the relay never rewrites payloads; this is for a second rotator).
        const [row] = await em.execute<{ n: number }[]>(
          `with u as (
             update outbox
                set payload = payload
                    || case when ?::text is null then '{}'::jsonb else jsonb_build_object('guestName', ?::text) end
                    || case when ?::text is null then '{}'::jsonb else jsonb_build_object('guestEmail', ?::text) end
              where id = ?::bigint and payload->>'guestName' is not distinct from ?::text and payload->>'guestEmail' is not distinct from ?::text
             returning 1)
           select count(*)::int as n from u`,
          [
            ...twice(r.guest_name === null ? null : pii.seal(pii.open(r.guest_name))),
            ...twice(r.guest_email === null ? null : pii.seal(pii.open(r.guest_email))),
            r.id,
            r.guest_name,
            r.guest_email,
          ],
        );
        mine.outbox.resealed += row?.n ?? 0;
        resealed += row?.n ?? 0;
      }
      mine.outbox.checked += rows.length;
      done += rows.length;
      progress();
      const last = rows[rows.length - 1];
      if (!last || rows.length < batchSize) break;
      afterId = last.id;
    }
    report.push(mine);
  }
  progress();
  return { shards: report, checked: report.reduce((a, s) => a + s.reservations.checked + s.outbox.checked, 0), resealed };
}

const twice = <T>(value: T): [T, T] => [value, value];
