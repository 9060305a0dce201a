import { readShardMap, ShardMapError, type ShardMap } from '../adapters/postgres/sharding/shard-map.js';

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
  /** Set: the databases and the buckets each owns (SHARD_MAP); unset: DATABASE_URL as the one shard, or embedded shards. */
  readonly shardMap: ShardMap | undefined;
  /** How many embedded PostgreSQL servers (one per shard) `npm start` runs when no database is configured. */
  readonly embeddedShards: number;
  /** Unset: relay the outbox to an in-process bus. */
  readonly amqpUrl: string | undefined;
  readonly amqpExchange: string;
  readonly amqpQueuePrefix: string;
  readonly seedDemo: 'auto' | 'always' | 'never';
  readonly logLevel: string;
  readonly outboxPollMs: number;
  /** How often lapsed holds are released. */
  readonly holdSweepMs: number;
  /** Port of /livez, /readyz and /metrics (0: any free port). */
  readonly opsPort: number;
  /** api: RPC server only; worker: outbox relay and consumers only; all: both (one process). */
  readonly role: 'api' | 'worker' | 'all';
  /** Where hotel candidates come from: the database (default) or Elasticsearch (fed from the outbox). */
  readonly searchBackend: 'postgres' | 'elasticsearch';
  /** Required when searchBackend is elasticsearch. */
  readonly elasticsearchUrl: string | undefined;
  /** Alias of the hotel index: one per environment. */
  readonly elasticsearchIndex: string;
  /** Unset: the availability cache lives in this process's memory. */
  readonly redisUrl: string | undefined;
  /** Backstop expiry of cached availability; invalidation on every inventory write is what keeps it right. */
  readonly availabilityCacheTtlMs: number;
  /** How long this process reuses a search's candidate hotels; catalog changes made here invalidate them at once. 0: off. */
  readonly searchCandidateCacheTtlMs: number;
  /** Key of the page tokens' MAC; unset: a random key, so tokens hold within one process only. */
  readonly pageTokenSecret: string | undefined;
  /** Built web app served on the API port for paths no RPC claims (`npm run build:web` writes it). */
  readonly webDir: string;
  readonly rateLimitPerSecond: number;
  readonly rateLimitBurst: number;
  /** Notifications (issue 7). Unset SMTP URL: emails go to `mailFile` as JSON lines. */
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly mailFile: string;
  /** The front desk's address; `{hotelId}` is replaced by the hotel's id. */
  readonly hotelAdminEmail: string;
  /** RabbitMQ consumers: first retry delay (doubling per attempt), its cap, attempts before the dead-letter queue. */
  readonly amqpRetryDelayMs: number;
  readonly amqpRetryMaxDelayMs: number;
  readonly amqpMaxAttempts: number;
  /** Lets webhooks point at loopback, link-local and private addresses (tests, closed networks). */
  readonly webhookAllowPrivate: boolean;
}

/** Mirrored by the configuration table in README.md: keep the two in step. */
export const CONFIG_DOC: readonly { readonly name: string; readonly default: string; readonly meaning: string }[] = [
  { name: 'HOST', default: '127.0.0.1', meaning: 'interface to listen on (0.0.0.0 in containers)' },
  { name: 'PORT', default: '8080', meaning: 'one port for gRPC, gRPC-Web and Connect (HTTP/1.1 and h2c)' },
  { name: 'DATABASE_URL', default: '(unset: embedded PostgreSQL)', meaning: 'postgres:// URL of the database' },
  { name: 'DATABASE_POOL_SIZE', default: '10', meaning: 'connections per database' },
  { name: 'EMBEDDED_PG_DIR', default: '.data/pg', meaning: 'data directory of the embedded PostgreSQL' },
  { name: 'EMBEDDED_PG_PORT', default: '54329', meaning: 'port of the embedded PostgreSQL' },
  { name: 'EMBEDDED_SHARDS', default: '2', meaning: 'embedded PostgreSQL servers, one per shard, on ports EMBEDDED_PG_PORT + i' },
  { name: 'SHARD_MAP', default: '(unset: DATABASE_URL is the one shard)', meaning: 'shard map: JSON, or the path of a JSON file' },
  { name: 'AMQP_URL', default: '(unset: in-process bus)', meaning: 'amqp:// URL of RabbitMQ' },
  { name: 'AMQP_EXCHANGE', default: 'hotel.events', meaning: 'topic exchange for domain events' },
  { name: 'AMQP_QUEUE_PREFIX', default: 'hotel', meaning: 'prefix of consumer queue names' },
  { name: 'SEED_DEMO', default: 'auto', meaning: 'auto: load demo data into an empty database; always; never' },
  { name: 'LOG_LEVEL', default: 'info', meaning: 'pino level: trace, debug, info, warn, error' },
  { name: 'OUTBOX_POLL_MS', default: '200', meaning: 'outbox relay idle poll interval' },
  { name: 'HOLD_SWEEP_MS', default: '5000', meaning: 'how often lapsed holds release their rooms' },
  { name: 'OPS_PORT', default: '9464', meaning: 'port of /livez, /readyz and /metrics (on HOST)' },
  { name: 'ROLE', default: 'all', meaning: 'api: RPC server only; worker: outbox relay and consumers only; all: both' },
  { name: 'SEARCH_BACKEND', default: 'postgres', meaning: 'postgres: search the database; elasticsearch: search the index fed from the outbox' },
  { name: 'ELASTICSEARCH_URL', default: '(unset: required by SEARCH_BACKEND=elasticsearch)', meaning: 'http:// URL of Elasticsearch 8' },
  { name: 'ELASTICSEARCH_INDEX', default: 'hotels-local', meaning: 'alias of the hotel index, one per environment' },
  { name: 'REDIS_URL', default: '(unset: in-memory cache)', meaning: 'redis:// URL of the availability cache shared by API processes' },
  { name: 'AVAILABILITY_CACHE_TTL_MS', default: '30000', meaning: 'expiry of cached availability (a backstop: writes invalidate it)' },
  { name: 'SEARCH_CANDIDATE_CACHE_TTL_MS', default: '5000', meaning: "how long a process reuses a search's candidate hotels (0: off)" },
  { name: 'PAGE_TOKEN_SECRET', default: '(unset: random per process)', meaning: 'key (32+ characters) signing page tokens; the same on every API replica' },
  { name: 'WEB_DIR', default: 'web/dist', meaning: 'built web app served on PORT for every path that is not an RPC' },
  { name: 'RATE_LIMIT_PER_SECOND', default: '100', meaning: 'sustained RPCs per second per caller and replica; 0 turns rate limiting off' },
  { name: 'RATE_LIMIT_BURST', default: '200', meaning: 'RPCs a caller may send at once after a quiet period' },
  { name: 'SMTP_URL', default: '(unset: emails appended to MAIL_FILE)', meaning: 'smtp:// or smtps:// URL of the mail server (user and password in the URL)' },
  { name: 'MAIL_FROM', default: 'Hotel Reservations <no-reply@hotel.invalid>', meaning: 'From header of notification emails' },
  { name: 'MAIL_FILE', default: '.data/mail/sent.jsonl', meaning: 'without SMTP_URL: every email as one JSON line (nodemailer JSON transport)' },
  { name: 'HOTEL_ADMIN_EMAIL', default: 'frontdesk+{hotelId}@hotel.invalid', meaning: "hotel front desk's address; {hotelId} is replaced by the hotel id" },
  { name: 'AMQP_RETRY_DELAY_MS', default: '5000', meaning: 'first retry delay of a failed consumer; doubles per attempt' },
  { name: 'AMQP_RETRY_MAX_DELAY_MS', default: '300000', meaning: 'cap of the retry delay (the retry queues x-message-ttl)' },
  { name: 'AMQP_MAX_ATTEMPTS', default: '5', meaning: 'handler attempts before an event goes to the dead-letter queue' },
  { name: 'WEBHOOK_ALLOW_PRIVATE', default: 'false', meaning: 'true: webhooks may point at loopback, link-local and private addresses (tests only)' },
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
  const shardMap = (source: string | undefined): ShardMap | undefined => {
    if (source === undefined) return undefined;
    if (optional('DATABASE_URL') !== undefined) problems.push('set DATABASE_URL (one database) or SHARD_MAP (several), not both');
    try {
      return readShardMap(source);
    } catch (error) {
      if (!(error instanceof ShardMapError)) throw error;
      problems.push(`SHARD_MAP: ${error.message.replaceAll('\n', '\n    ')}`);
      return undefined;
    }
  };
  const seedDemo = text('SEED_DEMO', 'auto');
  if (!['auto', 'always', 'never'].includes(seedDemo)) problems.push(`SEED_DEMO must be auto, always or never, got "${seedDemo}"`);
  const role = text('ROLE', 'all');
  if (!['api', 'worker', 'all'].includes(role)) problems.push(`ROLE must be api, worker or all, got "${role}"`);
  const searchBackend = text('SEARCH_BACKEND', 'postgres');
  if (!['postgres', 'elasticsearch'].includes(searchBackend)) problems.push(`SEARCH_BACKEND must be postgres or elasticsearch, got "${searchBackend}"`);
  const elasticsearchUrl = url('ELASTICSEARCH_URL', ['http:', 'https:']);
  if (searchBackend === 'elasticsearch' && elasticsearchUrl === undefined) problems.push('SEARCH_BACKEND=elasticsearch needs ELASTICSEARCH_URL');
  const elasticsearchIndex = text('ELASTICSEARCH_INDEX', 'hotels-local');
  if (!/^[a-z0-9][a-z0-9_-]{0,199}$/.test(elasticsearchIndex)) problems.push(`ELASTICSEARCH_INDEX must be lower case letters, digits, - or _, got "${elasticsearchIndex}"`);

  const config: Config = {
    host: text('HOST', '127.0.0.1'),
    port: integer('PORT', 8080, 0, 65535),
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    databasePoolSize: integer('DATABASE_POOL_SIZE', 10, 1, 500),
    embeddedPgDir: text('EMBEDDED_PG_DIR', '.data/pg'),
    embeddedPgPort: integer('EMBEDDED_PG_PORT', 54329, 1, 65535),
    shardMap: shardMap(optional('SHARD_MAP')),
    embeddedShards: integer('EMBEDDED_SHARDS', 2, 1, 16),
    amqpUrl: url('AMQP_URL', ['amqp:', 'amqps:']),
    amqpExchange: text('AMQP_EXCHANGE', 'hotel.events'),
    amqpQueuePrefix: text('AMQP_QUEUE_PREFIX', 'hotel'),
    seedDemo: seedDemo as Config['seedDemo'],
    logLevel: text('LOG_LEVEL', 'info'),
    outboxPollMs: integer('OUTBOX_POLL_MS', 200, 10, 60_000),
    holdSweepMs: integer('HOLD_SWEEP_MS', 5_000, 100, 3_600_000),
    opsPort: integer('OPS_PORT', 9464, 0, 65535),
    role: role as Config['role'],
    searchBackend: searchBackend as Config['searchBackend'],
    elasticsearchUrl,
    elasticsearchIndex,
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:']),
    availabilityCacheTtlMs: integer('AVAILABILITY_CACHE_TTL_MS', 30_000, 100, 3_600_000),
    searchCandidateCacheTtlMs: integer('SEARCH_CANDIDATE_CACHE_TTL_MS', 5_000, 0, 60_000),
    pageTokenSecret: optional('PAGE_TOKEN_SECRET'),
    webDir: text('WEB_DIR', 'web/dist'),
    rateLimitPerSecond: integer('RATE_LIMIT_PER_SECOND', 100, 0, 1_000_000),
    rateLimitBurst: integer('RATE_LIMIT_BURST', 200, 1, 1_000_000),
    smtpUrl: url('SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: text('MAIL_FROM', 'Hotel Reservations <no-reply@hotel.invalid>'),
    mailFile: text('MAIL_FILE', '.data/mail/sent.jsonl'),
    hotelAdminEmail: text('HOTEL_ADMIN_EMAIL', 'frontdesk+{hotelId}@hotel.invalid'),
    amqpRetryDelayMs: integer('AMQP_RETRY_DELAY_MS', 5_000, 1, 3_600_000),
    amqpRetryMaxDelayMs: integer('AMQP_RETRY_MAX_DELAY_MS', 300_000, 1, 86_400_000),
    amqpMaxAttempts: integer('AMQP_MAX_ATTEMPTS', 5, 1, 100),
    webhookAllowPrivate: text('WEBHOOK_ALLOW_PRIVATE', 'false') === 'true',
  };
  if (!['true', 'false'].includes(text('WEBHOOK_ALLOW_PRIVATE', 'false'))) problems.push('WEBHOOK_ALLOW_PRIVATE must be true or false');
  if (config.pageTokenSecret !== undefined && config.pageTokenSecret.length < 32) problems.push('PAGE_TOKEN_SECRET must be at least 32 characters');
  if (problems.length > 0) throw new ConfigError(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return config;
}

/** `url` with any user name and password removed, for logs and messages (URLs of services carry credentials). */
export function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '[unparseable URL]';
  }
}
