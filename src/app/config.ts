import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { keyRingOf, PiiKeyError } from '../adapters/crypto/aes-gcm-pii-protector.js';
import { readShardMap, ShardMapError, type ShardMap } from '../adapters/postgres/sharding/shard-map.js';
import type { MethodClass } from '../adapters/rpc/rate-limit.js';
import type { RateLimit } from '../core/access/token-bucket.js';

/**
 * Configuration from environment variables. Every variable has a default that gives a working
 * single-machine setup (`npm start`); production sets DATABASE_URL and AMQP_URL.
 */
export interface Config {
  readonly host: string;
  readonly port: number;
  /** Both set: TLS on PORT (PEM files, read at start); neither: cleartext. */
  readonly tlsCertFile: string | undefined;
  readonly tlsKeyFile: string | undefined;
  /** Largest request message accepted, in bytes. */
  readonly maxRequestBytes: number;
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
  /** PEM file of the CA that signed the broker's certificate (amqps:// with a private CA). */
  readonly amqpCaFile: string | undefined;
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
  /** Limit per method class: RATE_LIMIT_<CLASS> when set, else RATE_LIMIT_PER_SECOND / RATE_LIMIT_BURST. */
  readonly rateLimits: Readonly<Record<MethodClass, RateLimit>>;
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
  /** `iss` of tokens and the OAuth2 issuer identifier; unset: the server's own URL. */
  readonly authIssuer: string | undefined;
  readonly tokenKeysFile: string;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  /** log2 of scrypt's N for new password and secret hashes. */
  readonly passwordHashCost: number;
  readonly operatorClientId: string;
  /** Set: an operator client with this id and secret exists (created or updated at start). */
  readonly operatorClientSecret: string | undefined;
  /** PII at rest (issue 8): encryption keys as `id:base64key,...`; with the key file, both are loaded. */
  readonly piiKeys: string | undefined;
  /** JSON key file; unset with PII_KEYS unset: DEFAULT_PII_KEY_FILE, created with fresh keys on first start. */
  readonly piiKeyFile: string | undefined;
  /** The key new values are sealed with; unset: the key file's, or the only key. */
  readonly piiActiveKeyId: string | undefined;
  /** Key of the email blind index (base64, 32+ bytes); unset: the key file's. */
  readonly piiIndexKey: string | undefined;
}

/** Where `npm start` keeps generated PII keys when none are configured (gitignored, mode 0600). */
export const DEFAULT_PII_KEY_FILE = '.data/pii-keys.json';

/** Mirrored by the configuration table in README.md: keep the two in step. */
export const CONFIG_DOC: readonly { readonly name: string; readonly default: string; readonly meaning: string }[] = [
  { name: 'HOST', default: '127.0.0.1', meaning: 'interface to listen on (0.0.0.0 in containers)' },
  { name: 'PORT', default: '8080', meaning: 'one port for gRPC, gRPC-Web and Connect (HTTP/1.1 and h2c, or HTTP/1.1 and h2 over TLS)' },
  { name: 'TLS_CERT_FILE', default: '(unset: cleartext)', meaning: 'PEM certificate chain: with TLS_KEY_FILE, PORT speaks TLS only (ALPN h2, http/1.1)' },
  { name: 'TLS_KEY_FILE', default: '(unset: cleartext)', meaning: 'PEM private key of TLS_CERT_FILE' },
  { name: 'MAX_REQUEST_BYTES', default: '4194304', meaning: 'largest request message accepted; larger ones get RESOURCE_EXHAUSTED' },
  { name: 'DATABASE_URL', default: '(unset: embedded PostgreSQL)', meaning: 'postgres:// URL of the database; TLS with ?sslmode=verify-full&sslrootcert=/path/ca.pem (also in SHARD_MAP URLs)' },
  { name: 'DATABASE_POOL_SIZE', default: '10', meaning: 'connections per database' },
  { name: 'EMBEDDED_PG_DIR', default: '.data/pg', meaning: 'data directory of the embedded PostgreSQL' },
  { name: 'EMBEDDED_PG_PORT', default: '54329', meaning: 'port of the embedded PostgreSQL' },
  { name: 'EMBEDDED_SHARDS', default: '2', meaning: 'embedded PostgreSQL servers, one per shard, on ports EMBEDDED_PG_PORT + i' },
  { name: 'SHARD_MAP', default: '(unset: DATABASE_URL is the one shard)', meaning: 'shard map: JSON, or the path of a JSON file' },
  { name: 'AMQP_URL', default: '(unset: in-process bus)', meaning: 'amqp:// URL of RabbitMQ, or amqps:// for TLS' },
  { name: 'AMQP_CA_FILE', default: '(unset: the system CAs)', meaning: "PEM file of the CA that signed the broker's certificate (amqps://)" },
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
  { name: 'REDIS_URL', default: '(unset: in-memory cache)', meaning: 'redis:// (rediss:// for TLS) URL of the availability cache and rate-limit buckets shared by API processes' },
  { name: 'AVAILABILITY_CACHE_TTL_MS', default: '30000', meaning: 'expiry of cached availability (a backstop: writes invalidate it)' },
  { name: 'SEARCH_CANDIDATE_CACHE_TTL_MS', default: '5000', meaning: "how long a process reuses a search's candidate hotels (0: off)" },
  { name: 'PAGE_TOKEN_SECRET', default: '(unset: random per process)', meaning: 'key (32+ characters) signing page tokens; the same on every API replica' },
  { name: 'WEB_DIR', default: 'web/dist', meaning: 'built web app served on PORT for every path that is not an RPC' },
  { name: 'RATE_LIMIT_PER_SECOND', default: '100', meaning: 'sustained RPCs per second per caller and method class (per replica without REDIS_URL); 0 turns rate limiting off' },
  { name: 'RATE_LIMIT_BURST', default: '200', meaning: 'RPCs of a class a caller may send at once after a quiet period' },
  { name: 'RATE_LIMIT_SEARCH', default: '(unset: the two above)', meaning: 'limit of search calls as PER_SECOND/BURST, e.g. 20/40 (0 turns it off)' },
  { name: 'RATE_LIMIT_BOOKING', default: '(unset: the two above)', meaning: 'limit of booking writes (hold, create, modify, cancel) as PER_SECOND/BURST' },
  { name: 'RATE_LIMIT_ARI', default: '(unset: the two above)', meaning: 'limit of availability, rate and inventory writes (PushAri, RateService, SetInventory) as PER_SECOND/BURST' },
  { name: 'RATE_LIMIT_OTHER', default: '(unset: the two above)', meaning: 'limit of every other RPC as PER_SECOND/BURST' },
  { name: 'SMTP_URL', default: '(unset: emails appended to MAIL_FILE)', meaning: 'smtp:// or smtps:// URL of the mail server (user and password in the URL)' },
  { name: 'MAIL_FROM', default: 'Hotel Reservations <no-reply@hotel.invalid>', meaning: 'From header of notification emails' },
  { name: 'MAIL_FILE', default: '.data/mail/sent.jsonl', meaning: 'without SMTP_URL: every email as one JSON line (nodemailer JSON transport)' },
  { name: 'HOTEL_ADMIN_EMAIL', default: 'frontdesk+{hotelId}@hotel.invalid', meaning: "hotel front desk's address; {hotelId} is replaced by the hotel id" },
  { name: 'AMQP_RETRY_DELAY_MS', default: '5000', meaning: 'first retry delay of a failed consumer; doubles per attempt' },
  { name: 'AMQP_RETRY_MAX_DELAY_MS', default: '300000', meaning: 'cap of the retry delay (the retry queues x-message-ttl)' },
  { name: 'AMQP_MAX_ATTEMPTS', default: '5', meaning: 'handler attempts before an event goes to the dead-letter queue' },
  { name: 'WEBHOOK_ALLOW_PRIVATE', default: 'false', meaning: 'true: webhooks may point at loopback, link-local and private addresses (tests only)' },
  { name: 'AUTH_ISSUER', default: "(unset: the server's URL)", meaning: 'issuer of access tokens and OAuth2 issuer identifier; the same public URL on every API replica' },
  { name: 'TOKEN_KEYS_FILE', default: '.data/keys/token-signing-keys.json', meaning: 'JWK set of private ES256 keys signing tokens, first one signs; created with one new key if missing' },
  { name: 'ACCESS_TOKEN_TTL_SECONDS', default: '900', meaning: 'lifetime of access tokens' },
  { name: 'REFRESH_TOKEN_TTL_SECONDS', default: '2592000', meaning: 'lifetime of refresh tokens (30 days)' },
  { name: 'PASSWORD_HASH_COST', default: '17', meaning: "log2 of scrypt's N for new password and client-secret hashes (r = 8, p = 1)" },
  { name: 'OPERATOR_CLIENT_ID', default: 'operator', meaning: 'client id of the bootstrap operator (platform staff) OAuth2 client' },
  { name: 'OPERATOR_CLIENT_SECRET', default: '(unset: no bootstrap operator)', meaning: 'secret of the bootstrap operator client, kept in step at every start' },
  { name: 'PII_KEYS', default: '(unset: keys from PII_KEY_FILE)', meaning: 'AES-256-GCM keys sealing guest name and email at rest: id:base64key,... (32-byte keys; old ones kept for reading)' },
  { name: 'PII_KEY_FILE', default: '(unset: .data/pii-keys.json, created with fresh keys on first start when PII_KEYS is unset)', meaning: 'JSON key file {"activeKeyId","keys":{id:base64},"indexKey"}' },
  { name: 'PII_ACTIVE_KEY_ID', default: "(unset: the key file's, or the only key)", meaning: 'id of the key new values are sealed with; `npm run pii:rotate` re-seals older values under it' },
  { name: 'PII_INDEX_KEY', default: "(unset: the key file's)", meaning: 'base64 key (32+ bytes) of the HMAC blind index used to look reservations up by email' },
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
  const readable = (name: string): string | undefined => {
    const file = optional(name);
    if (file === undefined) return undefined;
    try {
      readFileSync(file);
    } catch (error) {
      problems.push(`${name}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    return file;
  };
  const tlsCertFile = readable('TLS_CERT_FILE');
  const tlsKeyFile = readable('TLS_KEY_FILE');
  if ((tlsCertFile === undefined) !== (tlsKeyFile === undefined)) problems.push('set both TLS_CERT_FILE and TLS_KEY_FILE (TLS), or neither (cleartext)');
  else if (tlsCertFile !== undefined && tlsKeyFile !== undefined && problems.length === 0) {
    try {
      createSecureContext({ cert: readFileSync(tlsCertFile), key: readFileSync(tlsKeyFile) });
    } catch (error) {
      // The message names the PEM problem (no start line, key values mismatch), never the key itself.
      problems.push(`TLS_CERT_FILE / TLS_KEY_FILE: not a usable certificate and key (${(error as Error).message})`);
    }
  }
  const rateLimitPerSecond = integer('RATE_LIMIT_PER_SECOND', 100, 0, 1_000_000);
  const rateLimitBurst = integer('RATE_LIMIT_BURST', 200, 1, 1_000_000);
  const classLimit = (name: `RATE_LIMIT_${Uppercase<MethodClass>}`): RateLimit => {
    const raw = optional(name);
    if (raw === undefined) return { perSecond: rateLimitPerSecond, burst: rateLimitBurst };
    const match = /^(\d+(?:\.\d+)?)(?:\/(\d+))?$/.exec(raw);
    const perSecond = Number(match?.[1]);
    const burst = match?.[2] === undefined ? Math.max(1, Math.ceil(perSecond)) : Number(match[2]);
    if (!match || perSecond > 1_000_000 || burst < 1 || burst > 1_000_000) {
      problems.push(`${name} must be PER_SECOND/BURST (e.g. 20/40; BURST 1 to 1000000), got "${raw}"`);
      return { perSecond: rateLimitPerSecond, burst: rateLimitBurst };
    }
    return { perSecond, burst };
  };
  const rateLimits: Record<MethodClass, RateLimit> = {
    search: classLimit('RATE_LIMIT_SEARCH'),
    booking: classLimit('RATE_LIMIT_BOOKING'),
    ari: classLimit('RATE_LIMIT_ARI'),
    other: classLimit('RATE_LIMIT_OTHER'),
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
    tlsCertFile,
    tlsKeyFile,
    maxRequestBytes: integer('MAX_REQUEST_BYTES', 4 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    databasePoolSize: integer('DATABASE_POOL_SIZE', 10, 1, 500),
    embeddedPgDir: text('EMBEDDED_PG_DIR', '.data/pg'),
    embeddedPgPort: integer('EMBEDDED_PG_PORT', 54329, 1, 65535),
    shardMap: shardMap(optional('SHARD_MAP')),
    embeddedShards: integer('EMBEDDED_SHARDS', 2, 1, 16),
    amqpUrl: url('AMQP_URL', ['amqp:', 'amqps:']),
    amqpCaFile: readable('AMQP_CA_FILE'),
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
    rateLimitPerSecond,
    rateLimitBurst,
    rateLimits,
    smtpUrl: url('SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: text('MAIL_FROM', 'Hotel Reservations <no-reply@hotel.invalid>'),
    mailFile: text('MAIL_FILE', '.data/mail/sent.jsonl'),
    hotelAdminEmail: text('HOTEL_ADMIN_EMAIL', 'frontdesk+{hotelId}@hotel.invalid'),
    amqpRetryDelayMs: integer('AMQP_RETRY_DELAY_MS', 5_000, 1, 3_600_000),
    amqpRetryMaxDelayMs: integer('AMQP_RETRY_MAX_DELAY_MS', 300_000, 1, 86_400_000),
    amqpMaxAttempts: integer('AMQP_MAX_ATTEMPTS', 5, 1, 100),
    webhookAllowPrivate: text('WEBHOOK_ALLOW_PRIVATE', 'false') === 'true',
    authIssuer: url('AUTH_ISSUER', ['http:', 'https:']),
    tokenKeysFile: text('TOKEN_KEYS_FILE', '.data/keys/token-signing-keys.json'),
    accessTokenTtlSeconds: integer('ACCESS_TOKEN_TTL_SECONDS', 900, 30, 86_400),
    refreshTokenTtlSeconds: integer('REFRESH_TOKEN_TTL_SECONDS', 2_592_000, 60, 31_536_000),
    passwordHashCost: integer('PASSWORD_HASH_COST', 17, 10, 20),
    operatorClientId: text('OPERATOR_CLIENT_ID', 'operator'),
    operatorClientSecret: optional('OPERATOR_CLIENT_SECRET'),
    piiKeys: optional('PII_KEYS'),
    piiKeyFile: optional('PII_KEY_FILE'),
    piiActiveKeyId: optional('PII_ACTIVE_KEY_ID'),
    piiIndexKey: optional('PII_INDEX_KEY'),
  };
  if (config.operatorClientSecret !== undefined && config.operatorClientSecret.length < 16) problems.push('OPERATOR_CLIENT_SECRET must be at least 16 characters');
  // Without a key file everything is in the environment: check the whole key set now (a file is read at start).
  if (config.piiKeys !== undefined && config.piiKeyFile === undefined) {
    try {
      keyRingOf({ keyList: config.piiKeys, activeKeyId: config.piiActiveKeyId, indexKey: config.piiIndexKey });
    } catch (error) {
      if (!(error instanceof PiiKeyError)) throw error;
      problems.push(error.message);
    }
  } else if (config.piiKeys === undefined && config.piiKeyFile === undefined && (config.piiActiveKeyId !== undefined || config.piiIndexKey !== undefined)) {
    problems.push('PII_ACTIVE_KEY_ID and PII_INDEX_KEY need PII_KEYS or PII_KEY_FILE');
  }
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
