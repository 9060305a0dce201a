import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostgres, type PostgresAdapter } from '../../../src/adapters/postgres/index.js';
import { createOrm } from '../../../src/adapters/postgres/orm.js';
import { migrationsList } from '../../../src/adapters/postgres/migrations/migrations-list.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';
import { ok } from '../../../src/core/shared/result.js';
import { newHotel } from '../../contract/persistence-fixtures.js';

const run = promisify(execFile);
const SHARDING_OBJECTS = ['shard_bucket_fences', 'reservations_guest_email_created_idx', 'shard_enter'];
/** m0012's identity tables: the account store reads and writes them with raw SQL, never as ORM records. */
const ACCOUNT_TABLES = ['accounts', 'account_hotels', 'api_clients', 'client_hotels'];

describe('Postgres migrations', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function emptyDatabase(): Promise<TestDatabase> {
    const db = await createTestDatabase();
    cleanup.push(() => db.drop());
    return db;
  }
  async function adapter(url: string): Promise<PostgresAdapter> {
    const postgres = await createPostgres({ url, poolSize: 2 });
    cleanup.push(() => postgres.close());
    return postgres;
  }
  async function query<R extends pg.QueryResultRow>(url: string, sql: string): Promise<R[]> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<R>(sql)).rows;
    } finally {
      await client.end();
    }
  }

  it('creates the schema on an empty database, then has nothing left to apply', async () => {
    const db = await emptyDatabase();
    const postgres = await adapter(db.url);
    expect(await postgres.migrate()).toEqual({ applied: migrationsList.map((m) => m.name) });
    expect(await postgres.migrate()).toEqual({ applied: [] });

    const tables = await query<{ table_name: string }>(db.url, `select table_name from information_schema.tables where table_schema = 'public' order by 1`);
    expect(tables.map((t) => t.table_name)).toEqual([
      'account_hotels',
      'accounts',
      'api_clients',
      'booking_revision_heads',
      'booking_revisions',
      'client_hotels',
      'hotels',
      'idempotency_keys',
      'inventory',
      'mikro_orm_migrations',
      'notification_deliveries',
      'notifications',
      'outbox',
      'processed_events',
      'rate_plans',
      'rate_prices',
      'reservation_revisions',
      'reservations',
      'room_types',
      'shard_bucket_fences',
      'webhook_attempts',
      'webhook_endpoints',
    ]);
  });

  it('applies m0006 cleanly to a database whose sharding objects were made at start, before it existed', async () => {
    const db = await emptyDatabase();
    const postgres = await adapter(db.url);
    await postgres.migrate();
    // Such a database has the fence table (with a fence), the function and the index, but no m0006 row.
    await query(db.url, `insert into shard_bucket_fences (bucket, moved_to) values (17, 's1')`);
    await query(db.url, `delete from mikro_orm_migrations where name = 'm0006-sharding-bookkeeping'`);
    expect(await postgres.migrate()).toEqual({ applied: ['m0006-sharding-bookkeeping'] });
    expect(await query(db.url, 'select shard_enter(17) as moved_to, shard_enter(18) as stays')).toEqual([{ moved_to: 's1', stays: null }]);
    const indexes = await query<{ indexname: string }>(db.url, `select indexname from pg_indexes where indexname = 'reservations_guest_email_created_idx'`);
    expect(indexes).toHaveLength(1);
  });

  it('matches the record schemas the ORM maps, column for column (foreign keys aside)', async () => {
    const db = await emptyDatabase();
    await (await adapter(db.url)).migrate();
    const orm = await createOrm({ url: db.url, poolSize: 1 });
    cleanup.push(() => orm.close());
    // What the ORM would change to make the database fit its metadata: nothing but the foreign keys,
    // which the records deliberately leave out (they are plain rows, not entities with relations),
    // and the SQL helper function below.
    const drift = (await orm.schema.getUpdateSchemaSQL({ wrap: false }))
      .split('\n')
      .filter((line) => line.trim() !== '' && !/^alter table "\w+" drop constraint "\w+_fkey";$/.test(line))
      // The sharding layer's objects (m0006) are read with raw SQL, never mapped as records.
      .filter((line) => !SHARDING_OBJECTS.some((name) => line.includes(`"${name}"`)))
      // Nor are the identity tables (m0012): only these exact drops are let through, any other drift in them still fails.
      .filter((line) => !ACCOUNT_TABLES.some((name) => line === `drop table if exists "${name}" cascade;`))
      // m0008's immutable wrapper of unaccent exists for the trigram index (declared on the record),
      // not as an ORM routine the records call: the ORM offers to drop what it was not told about.
      .filter((line) => line !== 'drop function if exists "hotel_text_fold"(text);');
    expect(drift).toEqual([]);
  });

  it('leads the primary key of every per-hotel table with hotel_id', async () => {
    const db = await emptyDatabase();
    await (await adapter(db.url)).migrate();
    const keys = await query<{ table_name: string; columns: string[] }>(
      db.url,
      `select c.conrelid::regclass::text as table_name,
              array_agg(a.attname::text order by k.ord) as columns
         from pg_constraint c
         cross join unnest(c.conkey) with ordinality as k(attnum, ord)
         join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
        where c.contype = 'p' and c.connamespace = 'public'::regnamespace
        group by 1 order by 1`,
    );
    expect(Object.fromEntries(keys.map((k) => [k.table_name, k.columns]))).toEqual({
      // Identities are not per hotel: they live on one shard, whichever hotels they may act on.
      account_hotels: ['account_id', 'hotel_id'],
      accounts: ['id'],
      api_clients: ['client_id'],
      booking_revision_heads: ['hotel_id'],
      booking_revisions: ['hotel_id', 'sequence'],
      client_hotels: ['client_id', 'hotel_id'],
      hotels: ['id'],
      idempotency_keys: ['scope', 'key'],
      inventory: ['hotel_id', 'room_type_id', 'night'],
      mikro_orm_migrations: ['id'],
      notification_deliveries: ['hotel_id', 'consumer', 'event_id'],
      notifications: ['event_id'],
      outbox: ['hotel_id', 'id'],
      processed_events: ['hotel_id', 'consumer', 'event_id'],
      rate_plans: ['hotel_id', 'id'],
      rate_prices: ['hotel_id', 'rate_plan_id', 'night'],
      reservation_revisions: ['hotel_id', 'reservation_id', 'number'],
      reservations: ['hotel_id', 'id'],
      room_types: ['hotel_id', 'id'],
      // Per bucket, not per hotel: the re-shard fences never move with a hotel.
      shard_bucket_fences: ['bucket'],
      webhook_attempts: ['hotel_id', 'id'],
      webhook_endpoints: ['hotel_id', 'id'],
    });
  });

  it('creates the search and relay indexes, the unsent one partial', async () => {
    const db = await emptyDatabase();
    await (await adapter(db.url)).migrate();
    const indexes = await query<{ indexname: string; indexdef: string }>(db.url, `select indexname, indexdef from pg_indexes where schemaname = 'public'`);
    const byName = Object.fromEntries(indexes.map((i) => [i.indexname, i.indexdef]));
    expect(byName['hotels_city_key_idx']).toContain('(city_key)');
    expect(byName['hotels_location_idx']).toContain('(latitude, longitude)');
    expect(byName['outbox_unsent_idx']).toMatch(/\(id\) WHERE \(sent_at IS NULL\)/);
    expect(byName['reservations_id_key']).toMatch(/UNIQUE.*\(id\)/);
  });

  it('refuses a negative reserved count in the table itself', async () => {
    const db = await emptyDatabase();
    await (await adapter(db.url)).migrate();
    await query(db.url, `insert into hotels (id, name, city, city_key, country_code, latitude, longitude, time_zone, currency, overbooking_percent, status)
                         values ('h', 'H', 'C', 'c', 'FR', 0, 0, 'UTC', 'EUR', 0, 'ACTIVE')`);
    await query(db.url, `insert into room_types (hotel_id, id, name, max_guests) values ('h', 'r', 'R', 2)`);
    await expect(
      query(db.url, `insert into inventory (hotel_id, room_type_id, night, total_rooms, reserved, price_minor, currency) values ('h', 'r', '2031-01-01', 1, -1, 1, 'EUR')`),
    ).rejects.toThrow(/check constraint/);
  });

  it('lets several processes migrate the same database at once', async () => {
    const db = await emptyDatabase();
    const adapters = await Promise.all([adapter(db.url), adapter(db.url), adapter(db.url)]);
    const reports = await Promise.all(adapters.map((a) => a.migrate()));
    expect(reports.map((r) => r.applied.length).sort()).toEqual([0, 0, migrationsList.length]);
  });

  it('runs from the command line with DATABASE_URL', async () => {
    const db = await emptyDatabase();
    const cli = await run('node_modules/.bin/tsx', ['src/adapters/postgres/cli/migrate.ts'], { env: { ...process.env, DATABASE_URL: db.url } });
    expect(cli.stdout).toContain('applied m0001-initial-schema');
    const again = await run('node_modules/.bin/tsx', ['src/adapters/postgres/cli/migrate.ts'], { env: { ...process.env, DATABASE_URL: db.url } });
    expect(again.stdout).toContain('schema is up to date');
  }, 30_000);

  it('tells whether any hotel exists yet', async () => {
    const db = await emptyDatabase();
    const postgres = await adapter(db.url);
    await postgres.migrate();
    expect(await postgres.hasHotels()).toBe(false);
    await postgres.uow.run('h', async (tx) => ok(await tx.hotels.add(newHotel())));
    expect(await postgres.hasHotels()).toBe(true);
  });

  it('answers ping, and reports an unreachable database as down', async () => {
    const db = await emptyDatabase();
    expect(await (await adapter(db.url)).ping()).toBe(true);
    const nowhere = await adapter('postgres://postgres@127.0.0.1:1/nowhere');
    expect(await nowhere.ping()).toBe(false);
  });
});
