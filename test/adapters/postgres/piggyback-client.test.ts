import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { COMMIT_WITH_STATEMENT, PiggybackClient } from '../../../src/adapters/postgres/piggyback-client.js';
import { createOrm } from '../../../src/adapters/postgres/orm.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';

// PiggybackClient against a real PostgreSQL: what it sends (every message reaching pg's own Client),
// and what another connection then sees in the table.
describe('PiggybackClient', () => {
  let database: TestDatabase;
  let observer: pg.Client;
  // Used as what the pool and the ORM see: a pg Client.
  let client: pg.Client;
  let sent: string[];

  beforeAll(async () => {
    database = await createTestDatabase();
    observer = new pg.Client({ connectionString: database.url });
    await observer.connect();
    await observer.query('create table t (x integer primary key)');
  });
  afterAll(async () => {
    await observer?.end();
    await database?.drop();
  });
  beforeEach(async () => {
    await observer.query('truncate t');
    client = new PiggybackClient({ connectionString: database.url });
    await client.connect();
    sent = [];
    const original = pg.Client.prototype.query;
    vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args: unknown[]) {
      const first = args[0];
      if (this === client) sent.push(typeof first === 'string' ? first : String((first as { text?: string }).text));
      return (original as (...a: unknown[]) => unknown).apply(this, args) as never;
    });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await client.end();
  });

  const committed = async (): Promise<number[]> => (await observer.query<{ x: number }>('select x from t order by x')).rows.map((r) => r.x);

  it('sends BEGIN with the first statement and COMMIT with a last statement that carries it', async () => {
    await client.query('begin');
    await client.query('insert into t values (1)');
    const last = await client.query(`insert into t values (2) returning x${COMMIT_WITH_STATEMENT}`);
    await client.query('commit');

    expect(sent).toEqual(['begin;\ninsert into t values (1)', `insert into t values (2) returning x${COMMIT_WITH_STATEMENT}`]);
    expect(await committed()).toEqual([1, 2]);
    // The answer is the statement's, as if it had been sent alone.
    expect(last.command).toBe('INSERT');
    expect(last.rows).toEqual([{ x: 2 }]);
  });

  it('answers with the last statement of a combined message', async () => {
    await client.query('begin');
    const result = await client.query('insert into t values (7) returning x');
    await client.query('commit');

    expect(result.command).toBe('INSERT');
    expect(result.rows).toEqual([{ x: 7 }]);
    expect(sent).toEqual(['begin;\ninsert into t values (7) returning x', 'commit']);
  });

  it('rolls the first statement back with the transaction it opened', async () => {
    await client.query('begin');
    await client.query('insert into t values (1)');
    await client.query('rollback');

    expect(sent).toEqual(['begin;\ninsert into t values (1)', 'rollback']);
    expect(await committed()).toEqual([]);
  });

  it('sends BEGIN on its own before a statement with bind parameters, which stays inside the transaction', async () => {
    await client.query('begin');
    await client.query('insert into t values ($1)', [3]);
    expect(await committed()).toEqual([]);
    await client.query('rollback');

    expect(sent).toEqual(['begin', 'insert into t values ($1)', 'rollback']);
    expect(await committed()).toEqual([]);
  });

  it('sends nothing for a transaction that ran no statement', async () => {
    await client.query('begin');
    await client.query('commit');
    await client.query('begin');
    await client.query('rollback');

    expect(sent).toEqual([]);
  });

  it('leaves the usual rollback when the last statement fails, and nothing is written', async () => {
    await client.query('begin');
    await client.query('insert into t values (4)');
    await expect(client.query(`insert into t values (4)${COMMIT_WITH_STATEMENT}`)).rejects.toThrow(/duplicate key/);
    await client.query('rollback');

    expect(await committed()).toEqual([]);
    // The connection is usable again, in a new transaction.
    await client.query('begin');
    await client.query(`insert into t values (5)${COMMIT_WITH_STATEMENT}`);
    await client.query('commit');
    expect(await committed()).toEqual([5]);
  });

  it('refuses a statement or a rollback after the transaction committed with its last statement', async () => {
    await client.query('begin');
    await client.query(`insert into t values (6)${COMMIT_WITH_STATEMENT}`);

    await expect(client.query('insert into t values (60)')).rejects.toThrow(/after the transaction committed with its last statement/);
    await expect(client.query('rollback')).rejects.toThrow(/rollback after the transaction committed/);
    // The commit stands, and nothing ran outside the transaction.
    expect(await committed()).toEqual([6]);
    expect(sent).toEqual([`begin;\ninsert into t values (6)${COMMIT_WITH_STATEMENT}`]);
  });

  it('serves a pool, whose queries use callbacks', async () => {
    const pool = new pg.Pool({ connectionString: database.url, Client: PiggybackClient, max: 1 });
    try {
      const { rows } = await pool.query<{ one: number }>('select 1 as one');
      expect(rows).toEqual([{ one: 1 }]);
      const connection = await pool.connect();
      await new Promise<void>((resolve, reject) => connection.query('begin', (error) => (error ? reject(error) : resolve())));
      const inserted = await new Promise<pg.QueryResult>((resolve, reject) => connection.query('insert into t values (8) returning x', (error, result) => (error ? reject(error) : resolve(result))));
      await connection.query('commit');
      connection.release();
      expect(inserted.rows).toEqual([{ x: 8 }]);
      expect(await committed()).toEqual([8]);
    } finally {
      await pool.end();
    }
  });
});

describe('PiggybackClient in the ORM pool', () => {
  it('starts the next holder clean when a connection comes back with a BEGIN never sent', async () => {
    const database = await createTestDatabase();
    const orm = await createOrm({ url: database.url, poolSize: 1 });
    try {
      const pool = (await orm.em.getConnection().getNativeClient()) as unknown as pg.Pool;
      const leaked = await pool.connect();
      await leaked.query('begin');
      leaked.release();
      const next = await pool.connect();
      try {
        await next.query('select 1');
        // Had the held-back BEGIN gone out with it, this connection would now be inside a transaction.
        const { rows } = await next.query<{ open: boolean }>("select now() <> statement_timestamp() or pg_current_xact_id_if_assigned() is not null as open");
        expect(rows[0]?.open).toBe(false);
      } finally {
        next.release();
      }
    } finally {
      await orm.close();
      await database.drop();
    }
  });
});
