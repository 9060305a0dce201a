import { Code, ConnectError } from '@connectrpc/connect';
import { BadRequestSchema, ErrorInfoSchema, RetryInfoSchema } from '../../../src/gen/google/rpc/error_details_pb.js';

/** What a form needs from a failed call: a message for the whole form and one per field. */
export interface DecodedError {
  readonly message: string;
  /** Proto field path (e.g. "guest_email") to the server's description. */
  readonly fields: Readonly<Record<string, string>>;
  /** google.rpc.ErrorInfo reason, e.g. NO_AVAILABILITY, when the server sent one. */
  readonly reason: string | undefined;
  readonly code: Code;
  /** The server's own wording (e.g. "wrong email or password"), for screens that show it as is. */
  readonly serverMessage: string;
}

const FRIENDLY: Partial<Record<Code, string>> = {
  [Code.Unavailable]: 'The service is unavailable right now. Please try again in a moment.',
  [Code.DeadlineExceeded]: 'The request took too long. Please try again.',
  [Code.Internal]: 'Something went wrong on our side. Please try again.',
  [Code.Unknown]: 'Could not reach the server. Check your connection and try again.',
  [Code.ResourceExhausted]: 'Too many requests. Please wait a moment and try again.',
  [Code.Unauthenticated]: 'Please sign in: this needs an account, or your session has ended.',
  [Code.PermissionDenied]: 'Your account may not do this.',
};

/**
 * Turns whatever a Connect call threw into messages a person can act on: google.rpc.BadRequest
 * field violations keyed by field (shown next to the field), otherwise the server's message.
 */
export function decodeError(error: unknown): DecodedError {
  const connect = ConnectError.from(error);
  const fields: Record<string, string> = {};
  for (const detail of connect.findDetails(BadRequestSchema)) {
    for (const violation of detail.fieldViolations) {
      const field = violation.field;
      fields[field] = fields[field] ? `${fields[field]}; ${violation.description}` : violation.description;
    }
  }
  const reason = connect.findDetails(ErrorInfoSchema)[0]?.reason;
  const retryAfter = retryDelaySeconds(connect);
  const message =
    Object.keys(fields).length > 0
      ? 'Please correct the marked details.'
      : retryAfter !== undefined
        ? `Too many requests. Please try again in ${retryAfter} s.`
        : (FRIENDLY[connect.code] ?? (connect.rawMessage || 'The request failed.'));
  return { message, fields, reason, code: connect.code, serverMessage: connect.rawMessage };
}

/** google.rpc.RetryInfo's delay of a RESOURCE_EXHAUSTED answer, in whole seconds (at least 1). */
function retryDelaySeconds(error: ConnectError): number | undefined {
  if (error.code !== Code.ResourceExhausted) return undefined;
  const delay = error.findDetails(RetryInfoSchema)[0]?.retryDelay;
  if (!delay) return undefined;
  return Math.max(1, Math.ceil(Number(delay.seconds) + delay.nanos / 1e9));
}

/** The violation for `field` or any of its sub-fields ("guests", "location.latitude"). */
export function fieldError(decoded: DecodedError | undefined, field: string): string | undefined {
  if (!decoded) return undefined;
  const own = decoded.fields[field];
  if (own) return own;
  const nested = Object.entries(decoded.fields).filter(([path]) => path.startsWith(`${field}.`) || path.startsWith(`${field}[`));
  return nested.length > 0 ? nested.map(([, text]) => text).join('; ') : undefined;
}

/** Field violations that no input on the form shows, so they are not lost. */
export function unplacedViolations(decoded: DecodedError | undefined, shown: readonly string[]): string[] {
  if (!decoded) return [];
  return Object.entries(decoded.fields)
    .filter(([path]) => !shown.some((field) => path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`)))
    .map(([path, text]) => `${path}: ${text}`);
}
