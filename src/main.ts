import { pino } from 'pino';
import { ConfigError, loadConfig, type Config } from './app/config.js';
import { startApp } from './app/start-app.js';

// Entry point of `npm start`: configuration from the environment, then the composition root.

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(2);
}

const log = pino({ level: config.logLevel, base: { service: 'hotel-api' } });
process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection'));

const app = await startApp(config, log).catch((error: unknown) => {
  log.fatal({ err: error }, 'could not start');
  process.exit(1);
});

console.log(`
Hotel reservation API listening on ${app.url}  (gRPC, gRPC-Web and Connect on one port)
  database: ${config.databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL in ${config.embeddedPgDir}`}   broker: ${app.broker}

Try it:
  curl -s -H 'content-type: application/json' -d '{"city":"Paris","checkIn":"${inDays(30)}","checkOut":"${inDays(32)}","guests":2}' \\
    ${app.url}/hotel.v1.SearchService/SearchAvailability
  npx buf curl --protocol grpc --http2-prior-knowledge --list-methods ${app.url}
`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: draining calls, stopping the relay and consumers');
    app.stop().then(
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
