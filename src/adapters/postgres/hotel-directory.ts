import type { EntityManager } from '@mikro-orm/postgresql';
import type { Hotel } from '../../core/hotel/hotel.js';
import type { HotelDirectory, HotelListPage, HotelListQuery } from '../../ports/hotel-directory.js';
import { toDomain } from './hotel.mapper.js';
import { HotelSchema } from './records/hotel.record.js';

/** Runs a read on one database (a shard's replica or primary, or the single database). */
export type ReadOn = <T>(read: (em: EntityManager) => Promise<T>) => Promise<T>;

/** The single database as a `ReadOn`: every read on a fresh fork, outside any transaction. */
export const readOn =
  (em: EntityManager): ReadOn =>
  (read) =>
    read(em.fork({ clear: true }));

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The hotel directory over one or several databases: each answers its first `limit + 1` hotels
 * after the cursor in byte order of the id (collate "C", the order JavaScript compares strings in),
 * and the merge keeps the first `limit`. Every database is needed: a page without one would skip
 * its hotels for good, so one that fails fails the call.
 */
export class PostgresHotelDirectory implements HotelDirectory {
  constructor(private readonly databases: readonly ReadOn[]) {}

  async listHotels(q: HotelListQuery): Promise<HotelListPage> {
    if (!Number.isSafeInteger(q.limit) || q.limit < 1) throw new RangeError(`limit must be a positive integer, got ${q.limit}`);
    const perDatabase = await Promise.all(this.databases.map((on) => on((em) => this.page(em, q))));
    // A bucket being moved can briefly be on two shards: keep one copy.
    const merged = [...new Map(perDatabase.flat().map((h) => [h.id, h])).values()].sort((a, b) => cmp(a.id, b.id));
    const hotels = merged.slice(0, q.limit);
    const last = hotels.at(-1);
    return merged.length > q.limit && last ? { hotels, nextAfterId: last.id } : { hotels };
  }

  private async page(em: EntityManager, q: HotelListQuery): Promise<Hotel[]> {
    if (q.scope.kind === 'only' && q.scope.hotelIds.length === 0) return [];
    const conditions = [
      q.includeInactive ? 'true' : `status = 'ACTIVE'`,
      q.afterId === undefined ? 'true' : `id collate "C" > :afterId`,
      q.scope.kind === 'all' ? 'true' : 'id in (select jsonb_array_elements_text(cast(:hotelIds as jsonb)))',
    ];
    const rows = await em.execute<Record<string, unknown>[]>(
      `select * from hotels where ${conditions.join(' and ')} order by id collate "C" limit :limit`,
      {
        limit: q.limit + 1,
        ...(q.afterId === undefined ? {} : { afterId: q.afterId }),
        ...(q.scope.kind === 'all' ? {} : { hotelIds: JSON.stringify(q.scope.hotelIds) }),
      },
    );
    return rows.map((row) => toDomain(em.map(HotelSchema, row, { disableIdentityMap: true })));
  }
}
