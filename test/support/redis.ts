/** The machine's Redis (override with REDIS_URL); tests isolate themselves with key prefixes. */
export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
