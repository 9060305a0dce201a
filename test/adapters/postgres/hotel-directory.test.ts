import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresHotelDirectory, readOn } from '../../../src/adapters/postgres/hotel-directory.js';
import { createOrm } from '../../../src/adapters/postgres/orm.js';
import { Hotel } from '../../../src/core/hotel/hotel.js';
import { commit, newHotel } from '../../contract/persistence-fixtures.js';
import { migratedTestDatabase, type MigratedTestDatabase } from './postgres-test-adapter.js';

// The directory over several databases (shards): every hotel once, in one id order across them.
describe('PostgresHotelDirectory over two databases', () => {
  let a: MigratedTestDatabase;
  let b: MigratedTestDatabase;
  const orms: MikroORM[] = [];
  beforeAll(async () => {
    [a, b] = await Promise.all([migratedTestDatabase({ poolSize: 2 }), migratedTestDatabase({ poolSize: 2 })]);
    orms.push(await createOrm({ url: a.database.url, poolSize: 2 }), await createOrm({ url: b.database.url, poolSize: 2 }));
  });
  afterAll(async () => {
    await Promise.all(orms.map((orm) => orm.close()));
    await Promise.all([a?.dispose(), b?.dispose()]);
  });

  const add = (db: MigratedTestDatabase, hotel: Hotel) => commit(db.postgres.uow, hotel.id, (tx) => tx.hotels.add(hotel));

  it('merges pages from both in byte order of the id, keeps one copy of a hotel found on both, and skips inactive ones', async () => {
    // Ids that sort differently under a linguistic collation and byte order ("_" and upper case).
    const ids = ['htl_B', 'htl_a', 'htl-c', 'htl_b_2', 'htlZ', 'htl_0'];
    const hotels = ids.map((id) => Hotel.rehydrate({ ...newHotel().toProps(), id, name: `Hotel ${id}` }));
    for (const [i, hotel] of hotels.entries()) await add(i % 2 === 0 ? a : b, hotel);
    const moving = hotels[1] as Hotel;
    await add(a, moving); // a bucket being moved is briefly on both shards
    const inactive = Hotel.rehydrate({ ...newHotel().toProps(), id: 'htl_inactive', status: 'INACTIVE' });
    await add(b, inactive);

    const directory = new PostgresHotelDirectory(orms.map((orm) => readOn(orm.em)));
    const walk = async (includeInactive: boolean) => {
      const pages: string[][] = [];
      let afterId: string | undefined;
      do {
        const page = await directory.listHotels({ scope: { kind: 'all' }, includeInactive, limit: 2, ...(afterId ? { afterId } : {}) });
        pages.push(page.hotels.map((h) => h.id));
        afterId = page.nextAfterId;
      } while (afterId);
      return pages;
    };
    const byteOrder = (list: string[]) => [...list].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    const expected = byteOrder(ids);
    expect(await walk(false)).toEqual([expected.slice(0, 2), expected.slice(2, 4), expected.slice(4, 6)]);
    expect((await walk(true)).flat()).toEqual(byteOrder([...ids, 'htl_inactive']));
  });
});
