import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nightAt, seedNights, seedRoomType, stayAt, type SeededRoomType } from '../../contract/persistence-fixtures.js';
import { migratedTestDatabase, type MigratedTestDatabase } from './postgres-test-adapter.js';

describe('PostgresAvailabilityReader', () => {
  let db: MigratedTestDatabase;
  let a: SeededRoomType;
  let b: SeededRoomType;
  let c: SeededRoomType;
  beforeAll(async () => {
    db = await migratedTestDatabase();
    a = await seedRoomType(db.postgres.uow);
    b = await seedRoomType(db.postgres.uow, { currency: 'USD' });
    c = await seedRoomType(db.postgres.uow);
    await seedNights(db.postgres.uow, a, stayAt(0, 5), 3, 10_000);
    await seedNights(db.postgres.uow, b, stayAt(1, 1), 7, 20_000);
    await seedNights(db.postgres.uow, c, stayAt(0, 5), 1, 30_000);
    await db.postgres.uow.run(a.hotelId, (tx) => tx.inventory.reserve({ hotelId: a.hotelId, roomTypeId: a.roomTypeId, stay: stayAt(1, 1), rooms: 2 }, 0));
  });
  afterAll(async () => {
    await db?.dispose();
  });

  const summary = (nights: Awaited<ReturnType<typeof db.postgres.availability.nights>>) =>
    nights
      .map((n) => `${n.roomTypeId === a.roomTypeId ? 'a' : n.roomTypeId === b.roomTypeId ? 'b' : 'c'} ${n.date.toString()} ${n.totalRooms}/${n.reserved} ${n.price.amountMinor} ${n.price.currency}`)
      .sort();

  it('reads the existing nights of the stay for many room types in one go', async () => {
    const nights = await db.postgres.availability.nights(
      [
        { hotelId: a.hotelId, roomTypeId: a.roomTypeId },
        { hotelId: b.hotelId, roomTypeId: b.roomTypeId },
      ],
      stayAt(1, 2),
    );
    expect(nights.every((n) => [a.hotelId, b.hotelId].includes(n.hotelId))).toBe(true);
    expect(summary(nights)).toEqual([
      `a ${nightAt(1).toString()} 3/2 10000 EUR`,
      `a ${nightAt(2).toString()} 3/0 10000 EUR`,
      `b ${nightAt(1).toString()} 7/0 20000 USD`,
    ]);
  });

  it('ignores duplicates, unknown room types and room types asked under the wrong hotel', async () => {
    const nights = await db.postgres.availability.nights(
      [
        { hotelId: a.hotelId, roomTypeId: a.roomTypeId },
        { hotelId: a.hotelId, roomTypeId: a.roomTypeId },
        { hotelId: a.hotelId, roomTypeId: c.roomTypeId },
        { hotelId: 'nope', roomTypeId: 'nope' },
      ],
      stayAt(0, 1),
    );
    expect(summary(nights)).toEqual([`a ${nightAt(0).toString()} 3/0 10000 EUR`]);
  });

  it('answers nothing for no room types', async () => {
    expect(await db.postgres.availability.nights([], stayAt(0, 5))).toEqual([]);
  });
});
