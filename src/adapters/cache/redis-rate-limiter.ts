import { Redis } from 'ioredis';
import type { RateLimit } from '../../core/access/token-bucket.js';
import type { RateDecision, RateLimiter } from '../../ports/rate-limiter.js';

/**
 * The core's takeToken (src/core/access/token-bucket.ts), step for step, run atomically inside
 * Redis so that replicas sharing a bucket never both spend its last token. A bucket is a hash
 * { t: tokens, u: updated at (ms) } that expires once it would have refilled anyway.
 * ARGV: perSecond, burst, nowMs. Returns { allowed (1/0), retryAfterMs }.
 */
const TAKE_TOKEN = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local stored = redis.call('HMGET', KEYS[1], 't', 'u')
local tokens = tonumber(stored[1])
local updated = tonumber(stored[2])
if tokens == nil or updated == nil then
  tokens = burst
  updated = now
end
local elapsed = math.max(0, now - updated)
tokens = math.min(burst, tokens + (elapsed * rate) / 1000)
updated = math.max(now, updated)
local allowed = 0
local retry = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  retry = math.ceil(((1 - tokens) * 1000) / rate)
end
redis.call('HSET', KEYS[1], 't', string.format('%.17g', tokens), 'u', string.format('%.17g', updated))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst * 1000) / rate) + 1000)
return { allowed, retry }
`;

/**
 * Token buckets in Redis, shared by every API replica: the configured limit is the cluster-wide
 * limit. One round trip per call (EVALSHA of the script above, loaded once). Fails fast when Redis
 * is unreachable (no offline queue, 250 ms command timeout): the interceptor then lets calls through.
 */
export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    redis.defineCommand('hotelTakeToken', { numberOfKeys: 1, lua: TAKE_TOKEN });
  }

  async take(key: string, limit: RateLimit, nowMs: number): Promise<RateDecision> {
    if (limit.perSecond <= 0) return { allowed: true };
    const run = (this.redis as unknown as { hotelTakeToken(key: string, ...args: (string | number)[]): Promise<[number, number]> }).hotelTakeToken;
    const [allowed, retryAfterMs] = await run.call(this.redis, `${this.prefix}:${key}`, limit.perSecond, limit.burst, Math.floor(nowMs));
    return allowed === 1 ? { allowed: true } : { allowed: false, retryAfterMs };
  }
}

/** A limiter on its own Redis connection, connected before it is returned. */
export async function connectRedisRateLimiter(options: { readonly url: string; readonly prefix: string }): Promise<{ limiter: RedisRateLimiter; close(): Promise<void> }> {
  const redis = new Redis(options.url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: 2_000, commandTimeout: 250 });
  redis.on('error', () => undefined); // Reported by the failing calls; ioredis reconnects on its own.
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error('cannot connect to Redis for rate limiting', { cause: error });
  }
  return {
    limiter: new RedisRateLimiter(redis, options.prefix),
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
