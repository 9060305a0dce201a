import { Code, ConnectError, type StreamResponse, type UnaryResponse } from '@connectrpc/connect';

/** gRPC status names as the gRPC spec spells them (Connect's enum says `Canceled`, gRPC `CANCELLED`). */
const STATUS_NAMES: Readonly<Record<number, string>> = {
  0: 'OK',
  [Code.Canceled]: 'CANCELLED',
  [Code.Unknown]: 'UNKNOWN',
  [Code.InvalidArgument]: 'INVALID_ARGUMENT',
  [Code.DeadlineExceeded]: 'DEADLINE_EXCEEDED',
  [Code.NotFound]: 'NOT_FOUND',
  [Code.AlreadyExists]: 'ALREADY_EXISTS',
  [Code.PermissionDenied]: 'PERMISSION_DENIED',
  [Code.ResourceExhausted]: 'RESOURCE_EXHAUSTED',
  [Code.FailedPrecondition]: 'FAILED_PRECONDITION',
  [Code.Aborted]: 'ABORTED',
  [Code.OutOfRange]: 'OUT_OF_RANGE',
  [Code.Unimplemented]: 'UNIMPLEMENTED',
  [Code.Internal]: 'INTERNAL',
  [Code.Unavailable]: 'UNAVAILABLE',
  [Code.DataLoss]: 'DATA_LOSS',
  [Code.Unauthenticated]: 'UNAUTHENTICATED',
};

/** How one call ended, in the terms metrics, spans and logs report. */
export interface RpcOutcome {
  /** Numeric gRPC status (0 = OK). */
  readonly code: number;
  /** e.g. `NOT_FOUND`. */
  readonly status: string;
  /** `google.rpc.ErrorInfo.reason` of the error, if it has one (`NO_AVAILABILITY`...). */
  readonly reason: string | undefined;
  readonly error: ConnectError | undefined;
}

export const OK_OUTCOME: RpcOutcome = { code: 0, status: 'OK', reason: undefined, error: undefined };

export function outcomeOf(thrown: unknown): RpcOutcome {
  const error = ConnectError.from(thrown);
  return { code: error.code, status: STATUS_NAMES[error.code] ?? 'UNKNOWN', reason: errorInfoReason(error), error };
}

/**
 * The ErrorInfo reason, read without the generated google.rpc types (only the RPC adapter imports
 * src/gen): outgoing details carry their message descriptor and the init value.
 */
export function errorInfoReason(error: ConnectError): string | undefined {
  for (const detail of error.details) {
    if ('desc' in detail && detail.desc.typeName === 'google.rpc.ErrorInfo') {
      const reason: unknown = (detail.value as { reason?: unknown }).reason;
      if (typeof reason === 'string' && reason !== '') return reason;
    }
  }
  return undefined;
}

/**
 * Calls `done` once with the call's outcome: when a unary call returns or throws, and for a
 * streaming response only when its last message was sent (or the stream failed).
 */
export async function observeCall<R extends UnaryResponse | StreamResponse>(call: () => Promise<R>, done: (outcome: RpcOutcome) => void): Promise<R> {
  let res: R;
  try {
    res = await call();
  } catch (thrown) {
    done(outcomeOf(thrown));
    throw thrown;
  }
  if (!res.stream) {
    done(OK_OUTCOME);
    return res;
  }
  const source = res.message;
  async function* observed() {
    let outcome = OK_OUTCOME;
    try {
      yield* source;
    } catch (thrown) {
      outcome = outcomeOf(thrown);
      throw thrown;
    } finally {
      done(outcome);
    }
  }
  return { ...res, message: observed() };
}
