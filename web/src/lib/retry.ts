import { Code, ConnectError, type Interceptor } from '@connectrpc/connect';
import { RetryInfoSchema } from '../../../src/gen/google/rpc/error_details_pb.js';

/**
 * Retries of the web app's calls, honouring the server's back-off hint: a caller over its rate
 * limit gets RESOURCE_EXHAUSTED with google.rpc.RetryInfo ("a token is back in N ms"). The delay
 * before retry n (0 first) is that hint plus full jitter over an exponential window,
 *     delay = retryInfo + random() x min(capMs, baseMs x 2^n),
 * so the app never comes back before the server said it may and many tabs do not return in
 * lockstep. UNAVAILABLE is retried the same way without a hint. Writes carry idempotency keys, so a
 * retried write applies once. Other errors, and the last attempt's, go to the caller unchanged.
 */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseMs: number;
  readonly capMs: number;
  readonly random: () => number;
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 4,
  baseMs: 200,
  capMs: 5_000,
  random: Math.random,
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(signal.reason);
      });
    }),
};

/** The wait before the `retry`-th retry (0 first) after `error`, or undefined: do not retry. */
export function retryDelayMs(error: unknown, retry: number, policy: Pick<RetryPolicy, 'baseMs' | 'capMs' | 'random'> = defaultRetryPolicy): number | undefined {
  const connectError = ConnectError.from(error);
  const [hint] = connectError.findDetails(RetryInfoSchema);
  const hintMs = hint?.retryDelay ? Number(hint.retryDelay.seconds) * 1000 + hint.retryDelay.nanos / 1e6 : undefined;
  if (connectError.code === Code.ResourceExhausted && hintMs === undefined) return undefined; // a quota: waiting will not help
  if (connectError.code !== Code.ResourceExhausted && connectError.code !== Code.Unavailable) return undefined;
  return Math.ceil((hintMs ?? 0) + policy.random() * Math.min(policy.capMs, policy.baseMs * 2 ** retry));
}

/** A Connect interceptor retrying unary calls as above (streams are not retried: they may have delivered messages). */
export function retryInterceptor(policy: RetryPolicy = defaultRetryPolicy): Interceptor {
  return (next) => async (request) => {
    if (request.stream) return next(request);
    for (let attempt = 1; ; attempt++) {
      try {
        return await next(request);
      } catch (error) {
        const delay = attempt < policy.maxAttempts ? retryDelayMs(error, attempt - 1, policy) : undefined;
        if (delay === undefined || request.signal.aborted) throw error;
        await policy.sleep(delay, request.signal);
      }
    }
  };
}
