import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pino, type Logger } from 'pino';
import { operatorToken as operatorTokenOf, testAuthEnv } from './auth.js';
import { loadConfig } from '../../src/app/config.js';
import { piiProtectorOf } from '../../src/app/pii.js';
import type { PiiProtector } from '../../src/ports/pii-protector.js';
import { startApp } from '../../src/app/start-app.js';
import { createTestDatabase } from './postgres.js';
import { testPiiEnv } from './pii.js';
import { RABBITMQ_URL, RabbitTestNames } from './rabbitmq.js';

export interface TestServer {
  readonly url: string;
  /** The server's database (one shard), for tests that inspect what a request left behind. */
  readonly databaseUrl: string;
  /** /livez, /readyz and /metrics. */
  readonly opsUrl: string;
  /** An operator's access token (platform staff: every RPC, every hotel), for tests about something else than access. */
  readonly operatorToken: string;
  /** The server's PII keys, to open what a test reads from its tables (guest names and emails are sealed). */
  readonly pii: PiiProtector;
  /** Kinds of notification recorded for a reservation, in the order recorded. */
  notificationsFor(reservationId: string): Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * The whole application as `npm start` builds it (composition root and all), on its own fresh
 * database and, with RabbitMQ, its own exchange and queues; port 0. Stopping drops all of them.
 */
export async function startTestServer(opts: { broker: 'rabbitmq' | 'in-process'; env?: Readonly<Record<string, string>>; log?: Logger }): Promise<TestServer> {
  const database = await createTestDatabase();
  const names = opts.broker === 'rabbitmq' ? new RabbitTestNames() : undefined;
  names?.consumer('guest-notifications');
  names?.consumer('booking-revision-feed');
  names?.consumer('guest-email');
  names?.consumer('hotel-admin-email');
  names?.consumer('partner-webhooks');
  const mailFile = join(tmpdir(), `hotel-test-mail-${process.pid}-${Date.now()}.jsonl`);
  const auth = testAuthEnv();
  const piiEnv = testPiiEnv();
  const config = loadConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: database.url,
    SEED_DEMO: 'never',
    OUTBOX_POLL_MS: '50',
    OPS_PORT: '0',
    // Tests fire requests as fast as they can from one address; the rate limit has its own test.
    RATE_LIMIT_PER_SECOND: '0',
    // Without SMTP_URL the email consumers write here rather than into the working copy's .data/.
    MAIL_FILE: mailFile,
    ...auth.env,
    // Keys of its own rather than the working copy's .data/pii-keys.json.
    ...piiEnv,
    ...(names ? { AMQP_URL: RABBITMQ_URL, AMQP_EXCHANGE: names.exchange, AMQP_QUEUE_PREFIX: names.queuePrefix } : {}),
    ...opts.env,
  });
  const app = await startApp(config, opts.log ?? pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' }));
  const inspector = new pg.Pool({ connectionString: database.url, max: 2 });
  const operatorToken = await operatorTokenOf(app.url);
  return {
    url: app.url,
    databaseUrl: database.url,
    opsUrl: app.opsUrl,
    operatorToken,
    pii: piiProtectorOf(loadConfig(piiEnv)),
    async notificationsFor(reservationId) {
      const { rows } = await inspector.query<{ kind: string }>('select kind from notifications where reservation_id = $1 order by created_at', [reservationId]);
      return rows.map((r) => r.kind);
    },
    async stop() {
      await app.stop();
      await inspector.end();
      await names?.remove();
      await database.drop();
      await rm(mailFile, { force: true });
      await auth.remove();
    },
  };
}

export { clientToken, TEST_AUTH_ENV, TEST_OPERATOR } from './auth.js';
