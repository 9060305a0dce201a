import type { EntityManager } from '@mikro-orm/postgresql';
import type { HoldSweep } from '../../ports/hold-sweep.js';

// Served by the partial index reservations_live_holds_idx.
const LAPSED_SQL = `
select id from reservations
 where status = 'HELD' and hold_expires_at <= :now::timestamptz
 order by hold_expires_at
 limit :limit`;

export class PostgresHoldSweep implements HoldSweep {
  constructor(private readonly em: EntityManager) {}

  async lapsedHolds(now: Date, limit: number): Promise<string[]> {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
    const rows = await this.em.fork().execute<{ id: string }[]>(LAPSED_SQL, { now: now.toISOString(), limit });
    return rows.map((r) => r.id);
  }
}
