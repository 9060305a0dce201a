import { ServiceUnavailableError } from '../../../core/shared/service-unavailable.js';

/** How long a caller should wait before retrying against a shard that did not answer. */
export const SHARD_RETRY_AFTER_MS = 1_000;

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN']);
// admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections; class 08 is connection_exception.
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
const MESSAGES = [/connection terminated/i, /timeout exceeded when trying to connect/i, /connection.*(closed|ended)/i, /client has encountered a connection error/i];

/** Whether `error` (or anything in its cause chain) says the database could not be reached or dropped us. */
export function isConnectionError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 8; depth++) {
    if (e instanceof ServiceUnavailableError) return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || SERVER_CODES.has(code) || code.startsWith('08'))) return true;
    if (e instanceof AggregateError && e.errors.some(isConnectionError)) return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && MESSAGES.some((m) => m.test(message))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** A connection fault becomes ServiceUnavailableError naming the shard; anything else is returned as is. */
export function asUnavailable(error: unknown, shard: string): unknown {
  if (error instanceof ServiceUnavailableError || !isConnectionError(error)) return error;
  return new ServiceUnavailableError(`database shard ${shard} is unavailable`, SHARD_RETRY_AFTER_MS, { cause: error });
}
