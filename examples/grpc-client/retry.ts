import * as grpc from '@grpc/grpc-js';

/**
 * Retries for a plain @grpc/grpc-js client of the hotel API, honouring the server's back-off hint.
 *
 * The server refuses a caller over its rate limit with RESOURCE_EXHAUSTED and a google.rpc.RetryInfo
 * detail (in the `grpc-status-details-bin` trailer): "a token is back in N ms". The delay before
 * attempt n+1 is that hint plus full jitter over an exponential window:
 *
 *     delay = retryInfo + random() x min(capMs, baseMs x 2^n)
 *
 * so a client never comes back before the server said it may, and clients refused together spread
 * out instead of returning in lockstep. UNAVAILABLE (the server restarting, a dropped connection) is
 * retried the same way without a hint. Every mutating RPC of the API carries an idempotency key, so
 * a retried write is applied once. Anything else is the caller's to handle.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. Default 5. */
  readonly maxAttempts?: number;
  /** First back-off window. Default 100 ms. */
  readonly baseMs?: number;
  /** Largest back-off window. Default 10 s. */
  readonly capMs?: number;
  /** Uniform in [0, 1); injectable for tests. Default Math.random. */
  readonly random?: () => number;
  /** Waits; injectable for tests. Default setTimeout. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Called before each wait (logging). */
  readonly onRetry?: (info: { attempt: number; delayMs: number; error: grpc.ServiceError }) => void;
}

const RETRY_INFO = 'type.googleapis.com/google.rpc.RetryInfo';

/** Runs `call` until it succeeds, fails with an error not worth retrying, or runs out of attempts. */
export async function withRetry<T>(call: () => Promise<T>, policy: RetryPolicy = {}): Promise<T> {
  const maxAttempts = policy.maxAttempts ?? 5;
  const random = policy.random ?? Math.random;
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const delayMs = attempt < maxAttempts ? retryDelayMs(error, attempt - 1, { ...policy, random }) : undefined;
      if (delayMs === undefined) throw error;
      policy.onRetry?.({ attempt, delayMs, error: error as grpc.ServiceError });
      await sleep(delayMs);
    }
  }
}

/** The wait before retrying after `error` on the `retry`-th retry (0 first), or undefined: do not retry. */
export function retryDelayMs(error: unknown, retry: number, policy: RetryPolicy = {}): number | undefined {
  const status = error as Partial<grpc.ServiceError>;
  const hint = status.metadata ? retryInfoMs(status.metadata) : undefined;
  if (status.code === grpc.status.RESOURCE_EXHAUSTED && hint === undefined) return undefined; // a quota, not a rate: waiting will not help
  if (status.code !== grpc.status.RESOURCE_EXHAUSTED && status.code !== grpc.status.UNAVAILABLE) return undefined;
  const window = Math.min(policy.capMs ?? 10_000, (policy.baseMs ?? 100) * 2 ** retry);
  return Math.ceil((hint ?? 0) + (policy.random ?? Math.random)() * window);
}

/** RetryInfo.retry_delay in ms from the call's trailers, or undefined when the server sent none. */
export function retryInfoMs(metadata: grpc.Metadata): number | undefined {
  const [details] = metadata.get('grpc-status-details-bin');
  if (!(details instanceof Buffer)) return undefined;
  // google.rpc.Status { repeated google.protobuf.Any details = 3 }, Any { type_url = 1; value = 2 },
  // RetryInfo { Duration retry_delay = 1 }, Duration { int64 seconds = 1; int32 nanos = 2 }.
  for (const any of fields(details).filter((f) => f.number === 3)) {
    const parts = fields(any.bytes);
    if (parts.find((p) => p.number === 1)?.bytes.toString() !== RETRY_INFO) continue;
    const delay = fields(fields(parts.find((p) => p.number === 2)?.bytes ?? Buffer.alloc(0)).find((f) => f.number === 1)?.bytes ?? Buffer.alloc(0));
    return (delay.find((f) => f.number === 1)?.varint ?? 0) * 1000 + (delay.find((f) => f.number === 2)?.varint ?? 0) / 1e6;
  }
  return undefined;
}

/** The fields of a protobuf message: just enough of the wire format for the messages above. */
function fields(bytes: Buffer): { number: number; varint: number; bytes: Buffer }[] {
  const out: { number: number; varint: number; bytes: Buffer }[] = [];
  let at = 0;
  const varint = (): number => {
    let value = 0;
    for (let shift = 1; at < bytes.length; shift *= 128) {
      const byte = bytes[at++]!;
      value += (byte & 0x7f) * shift;
      if (byte < 0x80) return value;
    }
    throw new Error('truncated protobuf varint');
  };
  while (at < bytes.length) {
    const key = varint();
    const [number, wire] = [Math.floor(key / 8), key % 8];
    if (wire === 0) out.push({ number, varint: varint(), bytes: Buffer.alloc(0) });
    else if (wire === 2) {
      const length = varint();
      out.push({ number, varint: 0, bytes: bytes.subarray(at, at + length) });
      at += length;
    } else if (wire === 1) at += 8;
    else if (wire === 5) at += 4;
    else throw new Error(`unsupported protobuf wire type ${wire}`);
  }
  return out;
}
