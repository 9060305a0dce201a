import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { createLogger } from '../../../src/adapters/telemetry/logger.js';
import { startTracing, type Tracing } from '../../../src/adapters/telemetry/tracing.js';
import { loadConfig } from '../../../src/app/config.js';
import { startApp, type RunningApp } from '../../../src/app/start-app.js';
import { operatorToken, testAuthEnv } from '../../support/auth.js';
import { createTestDatabase } from '../../support/postgres.js';
import { RABBITMQ_URL, RabbitTestNames } from '../../support/rabbitmq.js';

export interface TelemetryApp {
  readonly app: RunningApp;
  /** The test operator's access token. */
  readonly token: string;
  readonly spans: InMemorySpanExporter;
  /** Every log line the app wrote, parsed. */
  readonly logs: Record<string, unknown>[];
  /** Every log line as written (to search for leaked personal data). */
  readonly rawLogs: string[];
  readonly names: RabbitTestNames;
  stop(): Promise<void>;
}

/**
 * The app as `npm start` builds it (src/main.ts's tracing and logger included), with RabbitMQ,
 * a fresh database, spans kept in memory and log lines captured. Tracing is process-global:
 * one per test file (vitest runs each file in its own worker).
 */
export async function startTelemetryApp(env: Record<string, string> = {}): Promise<TelemetryApp> {
  const spans = new InMemorySpanExporter();
  const tracing: Tracing = startTracing({ serviceName: 'hotel-test', env: {}, spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] });
  const rawLogs: string[] = [];
  const logs: Record<string, unknown>[] = [];
  const log = createLogger({
    level: 'info',
    service: 'hotel-test',
    destination: {
      write(line: string) {
        rawLogs.push(line);
        logs.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
  });
  const database = await createTestDatabase();
  const names = new RabbitTestNames();
  names.consumer('guest-notifications');
  names.consumer('guest-email');
  names.consumer('hotel-admin-email');
  names.consumer('partner-webhooks');
  const mailFile = join(tmpdir(), `hotel-telemetry-mail-${process.pid}-${Date.now()}.jsonl`);
  const auth = testAuthEnv();
  const config = loadConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    OPS_PORT: '0',
    DATABASE_URL: database.url,
    SEED_DEMO: 'never',
    OUTBOX_POLL_MS: '50',
    AMQP_URL: RABBITMQ_URL,
    AMQP_EXCHANGE: names.exchange,
    AMQP_QUEUE_PREFIX: names.queuePrefix,
    MAIL_FILE: mailFile,
    ...auth.env,
    ...env,
  });
  const app = await startApp(config, log);
  const token = await operatorToken(app.url);
  return {
    app,
    token,
    spans,
    logs,
    rawLogs,
    names,
    async stop() {
      await app.stop();
      await tracing.shutdown();
      await names.remove();
      await database.drop();
      await rm(mailFile, { force: true });
      await auth.remove();
    },
  };
}
