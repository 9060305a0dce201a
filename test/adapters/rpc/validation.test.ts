import { Code, ConnectError, createClient, createRouterTransport } from '@connectrpc/connect';
import { describe, expect, it } from 'vitest';
import { validationInterceptor } from '../../../src/adapters/rpc/validation.js';
import { BadRequestSchema } from '../../../src/gen/google/rpc/error_details_pb.js';
import { Health, HealthCheckResponse_ServingStatus as Status } from '../../../src/gen/grpc/health/v1/health_pb.js';

// The rule every string of every request obeys, unary and server-streaming alike: no NUL character
// (PostgreSQL text cannot hold one, so it used to surface as INTERNAL from the database).
const client = createClient(
  Health,
  createRouterTransport(
    (router) =>
      router.service(Health, {
        check: () => ({ status: Status.SERVING }),
        async *watch() {
          yield { status: Status.SERVING };
        },
      }),
    { router: { interceptors: [validationInterceptor()] } },
  ),
);

async function violation(call: () => Promise<unknown>) {
  const error = await call().then(() => undefined, (e: unknown) => ConnectError.from(e));
  expect(error?.code).toBe(Code.InvalidArgument);
  return error!.findDetails(BadRequestSchema)[0]?.fieldViolations.map((v) => v.field);
}

describe('request validation', () => {
  it('refuses a NUL character in any string field, naming the field', async () => {
    expect(await violation(() => client.check({ service: 'a\u0000b' }))).toEqual(['service']);
    expect((await client.check({ service: 'hotel.v1.BookingService' })).status).toBe(Status.SERVING);
  });

  it('validates server-streaming requests too, when the handler reads them', async () => {
    expect(
      await violation(async () => {
        for await (const _ of client.watch({ service: '\u0000' })) return;
      }),
    ).toEqual(['service']);
  });
});
