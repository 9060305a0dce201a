import { existsSync } from 'node:fs';
import path from 'node:path';
import { createLogger } from './adapters/telemetry/logger.js';
import { startTracing } from './adapters/telemetry/tracing.js';
import { ConfigError, loadConfig, type Config } from './app/config.js';
import { startApp } from './app/start-app.js';
import { DEMO_ACCOUNTS } from './app/demo-accounts.js';

// Entry point of `npm start`: configuration from the environment, then the composition root.

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(2);
}

// Before anything else runs: spans of the start-up (migrations, demo seed) are traced too.
const tracing = startTracing({ serviceName: `hotel-${config.role === 'all' ? 'api' : config.role}` });
const log = createLogger({ level: config.logLevel, service: 'hotel-api' });
if (tracing.exporting) log.info('exporting traces over OTLP (OTEL_EXPORTER_OTLP_* settings)');
process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection'));

const app = await startApp(config, log).catch((error: unknown) => {
  log.fatal({ err: error }, 'could not start');
  process.exit(1);
});

log.info({ role: config.role, url: app.url || undefined, ops: app.opsUrl }, 'started');
const tlsFlags = config.tlsCertFile ? `--cacert ${config.tlsCertFile}` : '';
if (app.url) console.log(`
Hotel reservation API listening on ${app.url}  (gRPC, gRPC-Web and Connect on one port)
  web app for guests and hotel admins: ${existsSync(path.join(config.webDir, 'index.html')) ? `${app.url}/` : `not built (npm run build:web), would be ${app.url}/`}
  database: ${config.shardMap ? `SHARD_MAP (${config.shardMap.shards.length} shards)` : config.databaseUrl ? 'DATABASE_URL' : `${config.embeddedShards} embedded PostgreSQL shards in ${config.embeddedPgDir}`}   broker: ${app.broker}
  health, readiness and Prometheus metrics: ${app.opsUrl}/livez  ${app.opsUrl}/readyz  ${app.opsUrl}/metrics

Try it:
  curl -s ${tlsFlags ? `${tlsFlags} ` : ''}-H 'content-type: application/json' -d '{"city":"Paris","checkIn":"${inDays(30)}","checkOut":"${inDays(32)}","guests":2}' \\
    ${app.url}/hotel.v1.SearchService/SearchAvailability
  npx buf curl --protocol grpc ${tlsFlags || '--http2-prior-knowledge'} --list-methods ${app.url}
${config.seedDemo === 'never' ? '' : `
Demo sign-ins (made with the demo data; README: Security):
  guest        ${DEMO_ACCOUNTS.guest.email} / ${DEMO_ACCOUNTS.guest.password}
  hotel admin  ${DEMO_ACCOUNTS.admin.email} / ${DEMO_ACCOUNTS.admin.password}   (every demo hotel)
  partner      client id ${DEMO_ACCOUNTS.partner.clientId} / secret ${DEMO_ACCOUNTS.partner.clientSecret}   (POST ${app.url}/oauth2/token)
  operator     client id ${DEMO_ACCOUNTS.operator.clientId} / secret ${DEMO_ACCOUNTS.operator.clientSecret}
`}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: draining calls, stopping the relay and consumers');
    app
      .stop()
      .then(() => tracing.shutdown())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          log.error({ err: error }, 'unclean shutdown');
          process.exit(1);
        },
      );
  });
}

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
