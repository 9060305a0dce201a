import { toBinary, create } from '@bufbuild/protobuf';
import { anyPack } from '@bufbuild/protobuf/wkt';
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { retryDelayMs, retryInfoMs, withRetry } from '../../examples/grpc-client/retry.js';
import { ErrorInfoSchema, RetryInfoSchema } from '../../src/gen/google/rpc/error_details_pb.js';
import { StatusSchema } from '../../src/gen/google/rpc/status_pb.js';

// The example client's retry helper. The e2e rate-limit test runs it against the real server;
// here its arithmetic and its decoder, with trailers built by the protobuf library.
function serviceError(code: grpc.status, retryMs?: number): grpc.ServiceError {
  const metadata = new grpc.Metadata();
  const details = [anyPack(ErrorInfoSchema, create(ErrorInfoSchema, { reason: 'RATE_LIMITED', metadata: { burst: '3' } }))];
  if (retryMs !== undefined)
    details.push(anyPack(RetryInfoSchema, create(RetryInfoSchema, { retryDelay: { seconds: BigInt(Math.floor(retryMs / 1000)), nanos: (retryMs % 1000) * 1e6 } })));
  metadata.set('grpc-status-details-bin', Buffer.from(toBinary(StatusSchema, create(StatusSchema, { code, message: 'x', details }))));
  return Object.assign(new Error('x'), { code, details: 'x', metadata });
}

describe('example grpc-js retry helper', () => {
  it('reads RetryInfo out of grpc-status-details-bin, after other details', () => {
    expect(retryInfoMs(serviceError(grpc.status.RESOURCE_EXHAUSTED, 2_345).metadata)).toBe(2_345);
    expect(retryInfoMs(serviceError(grpc.status.RESOURCE_EXHAUSTED, 250).metadata)).toBe(250);
    expect(retryInfoMs(serviceError(grpc.status.RESOURCE_EXHAUSTED).metadata)).toBeUndefined();
    expect(retryInfoMs(new grpc.Metadata())).toBeUndefined();
  });

  it('waits hint + full jitter over a doubling window, capped, and retries only what waiting can fix', () => {
    const policy = { baseMs: 100, capMs: 1_000, random: () => 0.5 };
    expect(retryDelayMs(serviceError(grpc.status.RESOURCE_EXHAUSTED, 300), 0, policy)).toBe(350);
    expect(retryDelayMs(serviceError(grpc.status.RESOURCE_EXHAUSTED, 300), 2, policy)).toBe(500);
    expect(retryDelayMs(serviceError(grpc.status.UNAVAILABLE), 10, policy)).toBe(500);
    expect(retryDelayMs(serviceError(grpc.status.RESOURCE_EXHAUSTED), 0, policy)).toBeUndefined();
    expect(retryDelayMs(serviceError(grpc.status.INVALID_ARGUMENT, 300), 0, policy)).toBeUndefined();
  });

  it('retries until success or maxAttempts', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        if (++calls < 3) throw serviceError(grpc.status.RESOURCE_EXHAUSTED, 1_000);
        return 'ok';
      },
      { random: () => 0, sleep: async (ms) => void waits.push(ms) },
    );
    expect(result).toBe('ok');
    expect(waits).toEqual([1_000, 1_000]);

    calls = 0;
    await expect(withRetry(async () => ++calls && Promise.reject(serviceError(grpc.status.UNAVAILABLE)), { maxAttempts: 3, sleep: async () => undefined })).rejects.toMatchObject({
      code: grpc.status.UNAVAILABLE,
    });
    expect(calls).toBe(3);
  });
});
