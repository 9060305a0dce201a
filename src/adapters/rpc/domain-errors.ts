import { Code, ConnectError } from '@connectrpc/connect';
import type { JsonObject } from '@bufbuild/protobuf';
import type { DomainError, FieldViolation } from '../../core/shared/errors.js';
import { ServiceUnavailableError } from '../../core/shared/service-unavailable.js';
import {
  BadRequestSchema,
  ErrorInfoSchema,
  PreconditionFailureSchema,
  ResourceInfoSchema,
  RetryInfoSchema,
} from '../../gen/google/rpc/error_details_pb.js';

/** ErrorInfo.domain for every reason this API sends. */
export const ERROR_DOMAIN = 'hotel.v1';

/**
 * The one place that turns failures into gRPC statuses. Domain errors become precise codes with
 * google.rpc details; infrastructure faults that a retry may cure become UNAVAILABLE with RetryInfo;
 * anything else is INTERNAL with a generic message (the cause is logged by the caller, never sent).
 */
export function toConnectError(domainError: DomainError): ConnectError {
  const error = clipped(domainError);
  switch (error.code) {
    case 'INVALID_ARGUMENT':
      return invalidArgumentError(error.violations);
    case 'NOT_FOUND':
      return new ConnectError(`${error.resource} ${error.id} not found`, Code.NotFound, undefined, [
        { desc: ResourceInfoSchema, value: { resourceType: error.resource, resourceName: error.id } },
      ]);
    case 'NO_AVAILABILITY':
      return new ConnectError(
        `no room of type ${error.roomTypeId} left on ${error.nights.length > 0 ? error.nights.join(', ') : 'some nights of the stay'}`,
        Code.FailedPrecondition,
        undefined,
        [errorInfo('NO_AVAILABILITY', { hotel_id: error.hotelId, room_type_id: error.roomTypeId, nights: error.nights.join(',') })],
      );
    case 'IDEMPOTENCY_KEY_REUSED':
      return new ConnectError('idempotency key was already used with a different request', Code.AlreadyExists, undefined, [
        errorInfo('IDEMPOTENCY_KEY_REUSED', { idempotency_key: error.key }),
      ]);
    case 'INVALID_TRANSITION':
      return new ConnectError(
        `${error.resource} ${error.id} is ${error.from} and cannot become ${error.to}${error.reason ? `: ${error.reason}` : ''}`,
        Code.FailedPrecondition,
        undefined,
        [
          errorInfo(error.from === error.to ? `ALREADY_${error.to}` : 'INVALID_TRANSITION', {
            from: error.from,
            to: error.to,
            ...(error.reason ? { detail: error.reason } : {}),
          }),
        ],
      );
    case 'INVENTORY_BELOW_RESERVED':
      return new ConnectError(
        `rooms would fall below reservations on ${error.nights.map((n) => n.date).join(', ')}`,
        Code.FailedPrecondition,
        undefined,
        [
          errorInfo('INVENTORY_BELOW_RESERVED', { nights: error.nights.map((n) => n.date).join(',') }),
          {
            desc: PreconditionFailureSchema,
            value: {
              violations: error.nights.map((n) => ({
                type: 'INVENTORY_BELOW_RESERVED',
                subject: n.date,
                description: `${n.reserved} rooms are reserved on ${n.date}`,
              })),
            },
          },
        ],
      );
    case 'STAY_RESTRICTED':
      return new ConnectError(`${error.date}: ${error.detail}`, Code.FailedPrecondition, undefined, [
        errorInfo(error.restriction, { date: error.date }),
      ]);
    case 'HAS_FUTURE_RESERVATIONS':
      return new ConnectError(
        `${error.resource} ${error.id} has ${error.count} upcoming reservation${error.count === 1 ? '' : 's'}; cancel or move them first`,
        Code.FailedPrecondition,
        undefined,
        [
          errorInfo('HAS_FUTURE_RESERVATIONS', { resource_type: error.resource, resource_id: error.id, count: String(error.count) }),
          {
            desc: PreconditionFailureSchema,
            value: {
              violations: [
                { type: 'HAS_FUTURE_RESERVATIONS', subject: `${error.resource}/${error.id}`, description: `${error.count} reservations end after today at the hotel` },
              ],
            },
          },
        ],
      );
    case 'UNAUTHENTICATED':
      return new ConnectError(error.reason, Code.Unauthenticated, undefined, [errorInfo('UNAUTHENTICATED', {})]);
    case 'PERMISSION_DENIED':
      return new ConnectError(error.reason, Code.PermissionDenied, undefined, [errorInfo('PERMISSION_DENIED', {})]);
    case 'ALREADY_EXISTS':
      return new ConnectError(`${error.resource} already exists`, Code.AlreadyExists, undefined, [errorInfo(`${error.resource.toUpperCase()}_EXISTS`, {})]);
    case 'TOO_MANY_ATTEMPTS':
      return new ConnectError(`too many failed sign-ins: retry in ${Math.ceil(error.retryAfterMs / 1000)} s`, Code.ResourceExhausted, undefined, [
        retryInfo(error.retryAfterMs),
        errorInfo('SIGN_IN_LOCKED', {}),
      ]);
  }
}

function retryInfo(ms: number) {
  return { desc: RetryInfoSchema, value: { retryDelay: { seconds: BigInt(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1_000_000 } } };
}

export function invalidArgumentError(allViolations: readonly FieldViolation[]): ConnectError {
  const violations = allViolations.map((v) => ({ field: clip(v.field), description: clip(v.description, 4 * ECHO_LIMIT) }));
  const summary = clip(violations.map((v) => `${v.field}: ${v.description}`).join('; '), 8 * ECHO_LIMIT);
  return new ConnectError(`invalid request: ${summary}`, Code.InvalidArgument, undefined, [
    { desc: BadRequestSchema, value: { fieldViolations: violations.map((v) => ({ field: v.field, description: v.description })) } },
  ]);
}

/** A caller over its rate limit: retry after the delay (RetryInfo); ErrorInfo reason RATE_LIMITED. */
export function rateLimitedError(retryAfterMs: number, limit: { perSecond: number; burst: number }, methodClass?: string): ConnectError {
  const of = methodClass === undefined ? '' : ` for ${methodClass} calls`;
  return new ConnectError(`rate limit exceeded${of} (${limit.perSecond} calls per second, bursts of ${limit.burst}): retry in ${retryAfterMs} ms`, Code.ResourceExhausted, undefined, [
    { desc: RetryInfoSchema, value: { retryDelay: { seconds: BigInt(Math.floor(retryAfterMs / 1000)), nanos: (retryAfterMs % 1000) * 1_000_000 } } },
    errorInfo('RATE_LIMITED', { limit_per_second: String(limit.perSecond), burst: String(limit.burst), ...(methodClass === undefined ? {} : { method_class: methodClass }) }),
  ]);
}

/** Maps an exception thrown below a handler. Returns the error to send and whether it was unexpected (to be logged). */
export function fromThrown(thrown: unknown): { error: ConnectError; unexpected: boolean } {
  if (thrown instanceof ConnectError) return { error: thrown, unexpected: false };
  if (thrown instanceof ServiceUnavailableError) {
    const seconds = Math.floor(thrown.retryAfterMs / 1000);
    const nanos = (thrown.retryAfterMs % 1000) * 1_000_000;
    return {
      error: new ConnectError('service temporarily unavailable, retry later', Code.Unavailable, undefined, [
        { desc: RetryInfoSchema, value: { retryDelay: { seconds: BigInt(seconds), nanos } } },
      ]),
      unexpected: true,
    };
  }
  return { error: new ConnectError('internal error', Code.Internal), unexpected: true };
}

/**
 * Values a client sent come back in messages and details (ids, keys, descriptions quoting them):
 * they are bounded, so that a 100 kB id cannot make the status trailers too large to send (HTTP/2
 * then resets the stream and the client sees INTERNAL instead of the typed error; found by the fuzz
 * suite, test/reliability/fuzz.test.ts).
 */
const ECHO_LIMIT = 128;

export function clip(value: string, limit = ECHO_LIMIT): string {
  return value.length <= limit ? value : `${value.slice(0, limit)}... (${value.length} characters)`;
}

function clipped<E extends DomainError>(error: E): E {
  return Object.fromEntries(Object.entries(error).map(([key, value]) => [key, typeof value === 'string' ? clip(value) : value])) as E;
}

function errorInfo(reason: string, metadata: JsonObject & Record<string, string>) {
  return { desc: ErrorInfoSchema, value: { reason, domain: ERROR_DOMAIN, metadata } };
}
