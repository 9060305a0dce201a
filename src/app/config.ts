/**
 * Configuration from environment variables. Every variable has a default that gives a working
 * single-machine setup (`npm start`); production sets DATABASE_URL and AMQP_URL.
 */
export interface Config {
  readonly host: string;
  readonly port: number;
  /** Unset: start an embedded PostgreSQL under `embeddedPgDir`. */
  readonly databaseUrl: string | undefined;
  readonly databasePoolSize: number;
  readonly embeddedPgDir: string;
  readonly embeddedPgPort: number;
  /** Unset: relay the outbox to an in-process bus. */
  readonly amqpUrl: string | undefined;
  readonly amqpExchange: string;
  readonly amqpQueuePrefix: string;
  readonly seedDemo: 'auto' | 'always' | 'never';
  readonly logLevel: string;
  readonly outboxPollMs: number;
}

/** Mirrored by the configuration table in README.md: keep the two in step. */
export const CONFIG_DOC: readonly { readonly name: string; readonly default: string; readonly meaning: string }[] = [
  { name: 'HOST', default: '127.0.0.1', meaning: 'interface to listen on (0.0.0.0 in containers)' },
  { name: 'PORT', default: '8080', meaning: 'one port for gRPC, gRPC-Web and Connect (HTTP/1.1 and h2c)' },
  { name: 'DATABASE_URL', default: '(unset: embedded PostgreSQL)', meaning: 'postgres:// URL of the database' },
  { name: 'DATABASE_POOL_SIZE', default: '10', meaning: 'connections per database' },
  { name: 'EMBEDDED_PG_DIR', default: '.data/pg', meaning: 'data directory of the embedded PostgreSQL' },
  { name: 'EMBEDDED_PG_PORT', default: '54329', meaning: 'port of the embedded PostgreSQL' },
  { name: 'AMQP_URL', default: '(unset: in-process bus)', meaning: 'amqp:// URL of RabbitMQ' },
  { name: 'AMQP_EXCHANGE', default: 'hotel.events', meaning: 'topic exchange for domain events' },
  { name: 'AMQP_QUEUE_PREFIX', default: 'hotel', meaning: 'prefix of consumer queue names' },
  { name: 'SEED_DEMO', default: 'auto', meaning: 'auto: load demo data into an empty database; always; never' },
  { name: 'LOG_LEVEL', default: 'info', meaning: 'pino level: trace, debug, info, warn, error' },
  { name: 'OUTBOX_POLL_MS', default: '200', meaning: 'outbox relay idle poll interval' },
];

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const text = (name: string, fallback: string): string => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? fallback : value;
  };
  const optional = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = optional(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const url = (name: string, protocols: readonly string[]): string | undefined => {
    const raw = optional(name);
    if (raw === undefined) return undefined;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) problems.push(`${name} must use ${protocols.join(' or ')}, got ${parsed.protocol}`);
    } catch {
      problems.push(`${name} is not a URL`);
    }
    return raw;
  };
  const seedDemo = text('SEED_DEMO', 'auto');
  if (!['auto', 'always', 'never'].includes(seedDemo)) problems.push(`SEED_DEMO must be auto, always or never, got "${seedDemo}"`);

  const config: Config = {
    host: text('HOST', '127.0.0.1'),
    port: integer('PORT', 8080, 0, 65535),
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    databasePoolSize: integer('DATABASE_POOL_SIZE', 10, 1, 500),
    embeddedPgDir: text('EMBEDDED_PG_DIR', '.data/pg'),
    embeddedPgPort: integer('EMBEDDED_PG_PORT', 54329, 1, 65535),
    amqpUrl: url('AMQP_URL', ['amqp:', 'amqps:']),
    amqpExchange: text('AMQP_EXCHANGE', 'hotel.events'),
    amqpQueuePrefix: text('AMQP_QUEUE_PREFIX', 'hotel'),
    seedDemo: seedDemo as Config['seedDemo'],
    logLevel: text('LOG_LEVEL', 'info'),
    outboxPollMs: integer('OUTBOX_POLL_MS', 200, 10, 60_000),
  };
  if (problems.length > 0) throw new ConfigError(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return config;
}
