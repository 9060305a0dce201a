import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { RABBITMQ_URL, RabbitTestNames } from '../support/rabbitmq.js';
import { REDIS_URL } from '../support/redis.js';

// `npm start` (src/main.ts as a child process) at the most talkative log level, with a password in
// every connection string, and everything it writes to stdout and stderr searched for them: once
// for a start that succeeds and once for one that fails on the broker's credentials.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DB_PASSWORD = 'db-pw-7f3a91';
const REDIS_PASSWORD = 'redis-pw-2c8e44';
const AMQP_PASSWORD = 'amqp-pw-9b1d02';
const OPERATOR_SECRET = 'operator-secret-4e5f60718293';
// Its own signing key file (never the working copy's .data/); its private key must not be printed either.
const KEYS_FILE = join(tmpdir(), `hotel-secrets-test-keys-${process.pid}-${Date.now()}.json`);

/** Runs main until `until` is printed (then SIGTERM) or it exits; everything it wrote. */
function runMain(env: Record<string, string>, until: string): Promise<{ output: string; code: number | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
      PORT: '0',
      OPS_PORT: '0',
      SEED_DEMO: 'never',
      LOG_LEVEL: 'trace',
      TOKEN_KEYS_FILE: KEYS_FILE,
      OPERATOR_CLIENT_SECRET: OPERATOR_SECRET,
      PASSWORD_HASH_COST: '10',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.includes(until) && child.exitCode === null) child.kill('SIGTERM');
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return new Promise((resolve) => child.once('exit', (code) => resolve({ output, code })));
}

const withPassword = (url: string, user: string, password: string) => {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = password;
  return parsed.toString();
};

describe('connection-string passwords at start-up', () => {
  let database: TestDatabase;
  const names = new RabbitTestNames();
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await names.remove();
    await rm(KEYS_FILE, { force: true });
    await database?.drop();
  });

  it('never reach the log of a start that succeeds (the test server trusts 127.0.0.1, so any password is accepted)', async () => {
    const amqpUrl = RABBITMQ_URL; // the shared broker has only guest:guest
    const { output, code } = await runMain(
      {
        DATABASE_URL: withPassword(database.url, 'postgres', DB_PASSWORD),
        REDIS_URL: withPassword(REDIS_URL, '', REDIS_PASSWORD),
        AMQP_URL: amqpUrl,
        AMQP_EXCHANGE: names.exchange,
        AMQP_QUEUE_PREFIX: names.queuePrefix,
      },
      '"msg":"started"',
    );
    expect(output).toContain('"msg":"started"');
    expect(code).toBe(0);
    const signingKey = (JSON.parse(await readFile(KEYS_FILE, 'utf8')) as { keys: { d: string }[] }).keys[0]!.d;
    for (const secret of [DB_PASSWORD, REDIS_PASSWORD, `:${new URL(amqpUrl).password}@`, OPERATOR_SECRET, signingKey]) expect(output).not.toContain(secret);
  }, 60_000);

  it('never reach the log or the error of a start that fails on bad broker credentials', async () => {
    const { output, code } = await runMain(
      {
        DATABASE_URL: withPassword(database.url, 'postgres', DB_PASSWORD),
        REDIS_URL: withPassword(REDIS_URL, '', REDIS_PASSWORD),
        AMQP_URL: withPassword(RABBITMQ_URL, 'hotel-nobody', AMQP_PASSWORD),
        AMQP_EXCHANGE: names.exchange,
        AMQP_QUEUE_PREFIX: names.queuePrefix,
      },
      '"msg":"started"',
    );
    expect(code).toBe(1);
    expect(output).toContain('could not start');
    expect(output).toMatch(/ACCESS.REFUSED/);
    for (const secret of [DB_PASSWORD, REDIS_PASSWORD, AMQP_PASSWORD, OPERATOR_SECRET]) expect(output).not.toContain(secret);
  }, 60_000);
});
