import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hotel } from '../../../src/core/hotel/hotel.js';
import { Money } from '../../../src/core/money/money.js';
import { err, ok } from '../../../src/core/shared/result.js';
import type { TransactionScope } from '../../../src/ports/unit-of-work.js';
import { anEvent, commit, newHotel, newRoomType, stayAt, uniqueId } from '../../contract/persistence-fixtures.js';
import { aReservation } from '../../contract/unit-of-work.contract.js';
import { migratedTestDatabase, type MigratedTestDatabase } from './postgres-test-adapter.js';

const TABLES = ['hotels', 'room_types', 'inventory', 'reservations', 'idempotency_keys', 'outbox'] as const;

describe('PostgresUnitOfWork', () => {
  let db: MigratedTestDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    // Two connections: leaking one per failed unit of work would hang the tests below.
    db = await migratedTestDatabase({ poolSize: 2 });
    client = new pg.Client({ connectionString: db.database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await db?.dispose();
  });

  const rowsOf = async (hotelId: string): Promise<Record<string, number>> => {
    const counts: Record<string, number> = {};
    for (const table of TABLES) {
      const where = table === 'hotels' ? 'id = $1' : table === 'idempotency_keys' ? 'scope = $1' : 'hotel_id = $1';
      counts[table] = Number((await client.query(`select count(*) as n from ${table} where ${where}`, [hotelId])).rows[0].n);
    }
    return counts;
  };

  /** Writes a row in every table through the ports (ORM inserts and raw SQL alike). */
  async function writeEverything(tx: TransactionScope, hotelId: string): Promise<void> {
    const roomType = newRoomType(hotelId);
    await tx.hotels.add(hotelFor(hotelId));
    await tx.hotels.addRoomType(roomType);
    await tx.inventory.setNights({ hotelId, roomTypeId: roomType.id, nights: stayAt(0, 2), totalRooms: 2, price: Money.of(500, 'EUR'), overbookingPercent: 0 });
    expect((await tx.inventory.reserve({ hotelId, roomTypeId: roomType.id, stay: stayAt(0, 2), rooms: 1 }, 0)).ok).toBe(true);
    await tx.reservations.add(aReservation(hotelId, roomType.id));
    await tx.idempotency.claim({ scope: hotelId, key: 'k', fingerprint: 'f', resourceId: 'r' });
    await tx.outbox.append([anEvent({ hotelId })]);
  }

  it('writes no row at all, ORM or raw SQL, when the work returns an error', async () => {
    const hotelId = uniqueId('htl');
    const result = await db.postgres.uow.run(hotelId, async (tx) => {
      await writeEverything(tx, hotelId);
      // Inside the transaction everything is there; outside, nothing yet.
      expect(Object.values(await rowsOf(hotelId))).toEqual([0, 0, 0, 0, 0, 0]);
      return err('no');
    });
    expect(result.ok).toBe(false);
    expect(await rowsOf(hotelId)).toEqual({ hotels: 0, room_types: 0, inventory: 0, reservations: 0, idempotency_keys: 0, outbox: 0 });
  });

  it('writes every row when the work returns ok', async () => {
    const hotelId = uniqueId('htl');
    await commit(db.postgres.uow, hotelId, (tx) => writeEverything(tx, hotelId));
    expect(await rowsOf(hotelId)).toEqual({ hotels: 1, room_types: 1, inventory: 2, reservations: 1, idempotency_keys: 1, outbox: 1 });
  });

  it('returns its connection to the pool whatever happens to the work', async () => {
    for (let i = 0; i < 10; i++) {
      await db.postgres.uow.run('r', async () => err('e'));
      await expect(db.postgres.uow.run('r', async () => Promise.reject(new Error('thrown')))).rejects.toThrow('thrown');
      // A failing statement aborts the transaction; the rollback must still release the connection.
      await expect(db.postgres.uow.run('r', async (tx) => ok(await tx.hotels.add(hotelFor('')).then(() => tx.hotels.add(hotelFor('')))))).rejects.toThrow();
    }
    expect(await commit(db.postgres.uow, 'r', async () => 'still serving')).toBe('still serving');
  });

  it('stores the SHA-256 of the idempotency fingerprint, not the fingerprint', async () => {
    const scope = uniqueId('caller');
    const fingerprint = JSON.stringify(['hotel', 'Ada Lovelace', 'ada@example.com']);
    await commit(db.postgres.uow, 'r', (tx) => tx.idempotency.claim({ scope, key: 'key-1', fingerprint, resourceId: 'res-1' }));
    const row = (await client.query('select fingerprint_sha256, resource_id from idempotency_keys where scope = $1', [scope])).rows[0];
    expect(row.fingerprint_sha256).toEqual(createHash('sha256').update(fingerprint).digest());
    expect(row.resource_id).toBe('res-1');
  });
});

/** Hotel ids come from the IdGenerator; these tests pick them to find the rows again. */
const hotelFor = (id: string): Hotel => Hotel.rehydrate({ ...newHotel().toProps(), id });
