/**
 * An infrastructure fault that a retry may cure (a lost database connection, a shard that is down,
 * a serialization failure). Adapters throw it; the RPC adapter turns it into UNAVAILABLE with a
 * retry hint. Unlike domain errors it is an exception: the use case could not run at all.
 */
export class ServiceUnavailableError extends Error {
  override readonly name = 'ServiceUnavailableError';

  constructor(
    message: string,
    readonly retryAfterMs: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
