import { createContextKey, type Interceptor } from '@connectrpc/connect';
import { fullBucket, isIdle, takeToken, type Bucket, type RateLimit } from '../../core/access/token-bucket.js';
import { rateLimitedError } from './domain-errors.js';

/**
 * The network address the call came from, set per request by the server's node adapter. Callers
 * are told apart by it until authentication exists (issue 8); in Kubernetes, gRPC clients reach
 * the pods directly through the headless Service, so it is the client's own address.
 */
export const PEER_ADDRESS = createContextKey<string>('unknown', { description: 'remote address of the connection' });

/** Services every caller may call as often as it likes: load balancers' health checks, tooling. */
const EXEMPT = new Set(['grpc.health.v1.Health', 'grpc.reflection.v1.ServerReflection', 'grpc.reflection.v1alpha.ServerReflection']);

export interface RateLimitOptions {
  readonly limit: RateLimit;
  /** Milliseconds, from the composition root's clock. */
  readonly now: () => number;
  /** Buckets kept before idle ones are forgotten (bounds memory under many callers). Default 10,000. */
  readonly maxCallers?: number;
}

/**
 * Per-caller token buckets (one per replica: the cluster-wide limit is the replica count times this
 * one). Refused calls get RESOURCE_EXHAUSTED with RetryInfo (how long until a token) and ErrorInfo
 * RATE_LIMITED, which the RPC metrics count by reason. A limit of 0 per second turns it off.
 */
export function rateLimitInterceptor(options: RateLimitOptions): Interceptor {
  const buckets = new Map<string, Bucket>();
  const maxCallers = options.maxCallers ?? 10_000;
  return (next) => async (request) => {
    if (options.limit.perSecond <= 0 || EXEMPT.has(request.service.typeName)) return next(request);
    const caller = request.contextValues.get(PEER_ADDRESS);
    const now = options.now();
    const taken = takeToken(options.limit, buckets.get(caller) ?? fullBucket(options.limit, now), now);
    buckets.delete(caller); // re-inserted last: the map's order is least recently seen first
    buckets.set(caller, taken.bucket);
    if (buckets.size > maxCallers) forget(buckets, options.limit, now, maxCallers);
    if (!taken.allowed) throw rateLimitedError(taken.retryAfterMs, options.limit);
    return next(request);
  };
}

function forget(buckets: Map<string, Bucket>, limit: RateLimit, now: number, maxCallers: number): void {
  for (const [caller, bucket] of buckets) if (isIdle(limit, bucket, now)) buckets.delete(caller);
  // Still too many busy callers: drop the least recently seen (they start again with a full bucket).
  for (const caller of buckets.keys()) {
    if (buckets.size <= maxCallers) break;
    buckets.delete(caller);
  }
}
