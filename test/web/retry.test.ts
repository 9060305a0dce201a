import { Code, ConnectError, createClient, createRouterTransport } from '@connectrpc/connect';
import { describe, expect, it } from 'vitest';
import { rateLimitedError } from '../../src/adapters/rpc/domain-errors.js';
import { Health, HealthCheckResponse_ServingStatus as Status } from '../../src/gen/grpc/health/v1/health_pb.js';
import { retryDelayMs, retryInterceptor, type RetryPolicy } from '../../web/src/lib/retry.js';

// The web app's interceptor against a server that refuses as the real one does (rateLimitedError
// builds the same RESOURCE_EXHAUSTED + RetryInfo the rate-limit interceptor sends).
function harness(failures: ConnectError[], policy: Partial<RetryPolicy> = {}) {
  const waits: number[] = [];
  let calls = 0;
  const transport = createRouterTransport(
    (router) =>
      router.service(Health, {
        check() {
          const failure = failures[calls++];
          if (failure) throw failure;
          return { status: Status.SERVING };
        },
        async *watch() {
          yield { status: Status.SERVING };
        },
      }),
    {
      transport: {
        interceptors: [
          retryInterceptor({ maxAttempts: 4, baseMs: 100, capMs: 1_000, random: () => 0.5, sleep: async (ms) => void waits.push(ms), ...policy }),
        ],
      },
    },
  );
  return { client: createClient(Health, transport), waits, calls: () => calls };
}

describe('web retry interceptor', () => {
  it('waits the RetryInfo delay plus jitter over a doubling window, then succeeds', async () => {
    const limit = { perSecond: 2, burst: 4 };
    const h = harness([rateLimitedError(400, limit, 'search'), rateLimitedError(250, limit, 'search'), new ConnectError('restarting', Code.Unavailable)]);
    expect((await h.client.check({})).status).toBe(Status.SERVING);
    // 400 + 0.5 x 100, 250 + 0.5 x 200, 0 + 0.5 x 400
    expect(h.waits).toEqual([450, 350, 200]);
    expect(h.calls()).toBe(4);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const h = harness(Array.from({ length: 10 }, () => rateLimitedError(100, { perSecond: 10, burst: 1 }, 'booking')));
    await expect(h.client.check({})).rejects.toMatchObject({ code: Code.ResourceExhausted });
    expect(h.calls()).toBe(4);
    expect(h.waits.length).toBe(3);
  });

  it('does not retry errors that waiting will not fix', async () => {
    for (const error of [new ConnectError('bad', Code.InvalidArgument), new ConnectError('quota gone', Code.ResourceExhausted)]) {
      const h = harness([error]);
      await expect(h.client.check({})).rejects.toMatchObject({ code: error.code });
      expect(h.calls()).toBe(1);
    }
  });

  it('caps the jitter window', () => {
    expect(retryDelayMs(new ConnectError('x', Code.Unavailable), 20, { baseMs: 100, capMs: 1_000, random: () => 0.999 })).toBe(999);
  });
});
