import { createContextKey, type Interceptor, type UnaryRequest, type StreamRequest } from '@connectrpc/connect';
import type { RateLimit } from '../../core/access/token-bucket.js';
import type { RateLimiter } from '../../ports/rate-limiter.js';
import { rateLimitedError } from './domain-errors.js';
import { PRINCIPAL } from './access-policy.js';
import { subjectOf } from '../../core/access/principal.js';

/**
 * The network address the call came from, set per request by the server's node adapter: the
 * bucket of anonymous callers (in Kubernetes, gRPC clients reach the pods directly through the
 * headless Service, so it is the client's own address).
 */
export const PEER_ADDRESS = createContextKey<string>('unknown', { description: 'remote address of the connection' });

/**
 * Who the caller is, for rate limiting: the one place that decides it. An authenticated caller is
 * its token's subject (`partner:<client id>`, `guest:<account id>`, ...), wherever it calls from;
 * an anonymous one its address. The access interceptor runs first and sets the principal.
 */
export function callerKey(request: UnaryRequest | StreamRequest): string {
  const principal = request.contextValues.get(PRINCIPAL);
  return principal.kind === 'anonymous' ? `ip:${request.contextValues.get(PEER_ADDRESS)}` : subjectOf(principal);
}

/** Classes of RPC with a bucket (and a limit) each: a caller searching hard can still book. */
export type MethodClass = 'search' | 'booking' | 'ari' | 'other';
export const METHOD_CLASSES: readonly MethodClass[] = ['search', 'booking', 'ari', 'other'];

/**
 * The class of every RPC, by `service/method` or `service/*`; the exact method wins over its
 * service's wildcard, anything not listed is `other`. Reading a stay's price (QuoteStay) is what a
 * browsing guest does next to searching, so it counts as search; reservation reads (Get, List,
 * PreviewCancellation) count as other; the hotel's own inventory and rates are ARI like a partner's push.
 */
export const METHOD_CLASS_TABLE: Readonly<Record<string, MethodClass>> = {
  'hotel.v1.SearchService/*': 'search',
  'hotel.v1.BookingService/QuoteStay': 'search',
  'hotel.v1.BookingService/HoldReservation': 'booking',
  'hotel.v1.BookingService/CreateReservation': 'booking',
  'hotel.v1.BookingService/ModifyReservation': 'booking',
  'hotel.v1.BookingService/CancelReservation': 'booking',
  'hotel.v1.PartnerService/PushAri': 'ari',
  'hotel.v1.RateService/*': 'ari',
  'hotel.v1.AdminService/SetInventory': 'ari',
};

export function methodClass(service: string, method: string): MethodClass {
  return METHOD_CLASS_TABLE[`${service}/${method}`] ?? METHOD_CLASS_TABLE[`${service}/*`] ?? 'other';
}

/** Services every caller may call as often as it likes: load balancers' health checks, tooling. */
const EXEMPT = new Set(['grpc.health.v1.Health', 'grpc.reflection.v1.ServerReflection', 'grpc.reflection.v1alpha.ServerReflection']);

export interface RateLimitOptions {
  /** The limit of each class; a limit of 0 per second turns that class's limiting off. */
  readonly limits: Readonly<Record<MethodClass, RateLimit>>;
  readonly limiter: RateLimiter;
  /** Milliseconds, from the composition root's clock. */
  readonly now: () => number;
  /** The limiter's store failed: the call goes through (fail open); report it (log, metric). */
  readonly onLimiterError?: (error: unknown) => void;
}

/**
 * Token buckets per caller and method class. Refused calls get RESOURCE_EXHAUSTED with RetryInfo
 * (how long until a token) and ErrorInfo RATE_LIMITED, which the RPC metrics count by reason. If
 * the store of buckets cannot answer (Redis down), calls are let through: losing rate limiting for
 * a while is better than losing the API.
 */
export function rateLimitInterceptor(options: RateLimitOptions): Interceptor {
  return (next) => async (request) => {
    if (EXEMPT.has(request.service.typeName)) return next(request);
    const cls = methodClass(request.service.typeName, request.method.name);
    const limit = options.limits[cls];
    if (limit.perSecond <= 0) return next(request);
    let decision;
    try {
      decision = await options.limiter.take(`${cls}:${callerKey(request)}`, limit, options.now());
    } catch (error) {
      options.onLimiterError?.(error);
      return next(request);
    }
    if (!decision.allowed) throw rateLimitedError(decision.retryAfterMs, limit, cls);
    return next(request);
  };
}
