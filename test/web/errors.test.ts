import { create, toBinary } from '@bufbuild/protobuf';
import { Code, ConnectError } from '@connectrpc/connect';
import { describe, expect, it } from 'vitest';
import { BadRequestSchema, ErrorInfoSchema, RetryInfoSchema } from '../../src/gen/google/rpc/error_details_pb.js';
import { invalidArgumentError } from '../../src/adapters/rpc/domain-errors.js';
import { decodeError, fieldError, unplacedViolations } from '../../web/src/lib/errors.js';

describe('decodeError', () => {
  it("keys the server's field violations by field, as the RPC adapter sends them", () => {
    const decoded = decodeError(
      invalidArgumentError([
        { field: 'guest_email', description: 'must be a valid email address' },
        { field: 'check_out', description: 'must be after check_in' },
        { field: 'check_out', description: 'must be within 30 nights' },
      ]),
    );
    expect(decoded.code).toBe(Code.InvalidArgument);
    expect(decoded.fields).toEqual({ guest_email: 'must be a valid email address', check_out: 'must be after check_in; must be within 30 nights' });
    expect(fieldError(decoded, 'guest_email')).toBe('must be a valid email address');
    expect(fieldError(decoded, 'guest_name')).toBeUndefined();
    expect(unplacedViolations(decoded, ['guest_email'])).toEqual(['check_out: must be after check_in; must be within 30 nights']);
  });

  it('reads violations after a JSON round trip of the details, as a browser receives them', () => {
    const badRequest = create(BadRequestSchema, { fieldViolations: [{ field: 'location.latitude', description: 'must be at most 90' }] });
    // What connect-web builds from the wire: details as type name + bytes, decoded lazily by findDetails.
    const received = new ConnectError('invalid', Code.InvalidArgument);
    received.details.push({ type: BadRequestSchema.typeName, value: toBinary(BadRequestSchema, badRequest) });
    const decoded = decodeError(received);
    expect(fieldError(decoded, 'location')).toBe('must be at most 90');
  });

  it('gives the reason and a readable message for other failures', () => {
    const failed = new ConnectError('no room of type rt1 left on 2027-05-01', Code.FailedPrecondition, undefined, [
      { desc: ErrorInfoSchema, value: { reason: 'NO_AVAILABILITY', domain: 'hotel.v1' } },
    ]);
    expect(decodeError(failed)).toMatchObject({ reason: 'NO_AVAILABILITY', message: 'no room of type rt1 left on 2027-05-01', fields: {} });
    expect(decodeError(new ConnectError('boom', Code.Internal)).message).toMatch(/went wrong on our side/);
    expect(decodeError(new TypeError('Failed to fetch')).message).toMatch(/Could not reach the server/);
  });

  it('says plainly when the caller must sign in or may not act, and keeps the server wording', () => {
    const unauthenticated = decodeError(new ConnectError('wrong email or password', Code.Unauthenticated));
    expect(unauthenticated.message).toMatch(/Please sign in/);
    expect(unauthenticated.serverMessage).toBe('wrong email or password');
    expect(decodeError(new ConnectError('a guest may not call this RPC', Code.PermissionDenied)).message).toBe('Your account may not do this.');
  });

  it("says how long to wait from RESOURCE_EXHAUSTED's RetryInfo", () => {
    const limited = new ConnectError('rate limited', Code.ResourceExhausted, undefined, [{ desc: RetryInfoSchema, value: { retryDelay: { seconds: 2n, nanos: 300_000_000 } } }]);
    expect(decodeError(limited).message).toBe('Too many requests. Please try again in 3 s.');
    expect(decodeError(new ConnectError('rate limited', Code.ResourceExhausted)).message).toMatch(/Too many requests/);
  });
});
