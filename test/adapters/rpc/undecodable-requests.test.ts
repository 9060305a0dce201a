import http2 from 'node:http2';
import { Code, ConnectError } from '@connectrpc/connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRpcServer, type RpcServer } from '../../../src/adapters/rpc/server.js';
import { create, toBinary } from '@bufbuild/protobuf';
import { Health, HealthCheckRequestSchema, HealthCheckResponse_ServingStatus as Status } from '../../../src/gen/grpc/health/v1/health_pb.js';

// connect-es answers bytes it cannot decode with INTERNAL (and a missing gRPC message with
// UNIMPLEMENTED) before any interceptor runs; the server reports both as INVALID_ARGUMENT, in every
// protocol, and leaves an INTERNAL raised by our own code alone (that one is a bug worth paging for).

let server: RpcServer;

beforeAll(async () => {
  server = await startRpcServer({
    host: '127.0.0.1',
    port: 0,
    interceptors: [],
    // Any service will do: Health, with a Check that has a bug for the service "broken".
    routes: (router) =>
      router.service(Health, {
        check(request) {
          if (request.service === 'broken') throw new ConnectError('a bug in a handler', Code.Internal);
          return { status: Status.SERVING };
        },
        async *watch(request) {
          if (request.service === 'broken') throw new ConnectError('a bug in a streaming handler', Code.Internal);
          yield { status: Status.SERVING };
        },
      }),
  });
});
afterAll(() => server.close(100));

const CHECK = '/grpc.health.v1.Health/Check';
const frame = (flags: number, payload: Buffer) => Buffer.concat([Buffer.from([flags, 0, 0, 0, payload.length]), payload]);
const NOT_A_MESSAGE = Buffer.from([0xff, 0xff, 0xff]);

function grpcCall(path: string, body: Buffer, contentType = 'application/grpc'): Promise<{ status: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(server.url);
    const stream = session.request({ ':method': 'POST', ':path': path, 'content-type': contentType, te: 'trailers' });
    const chunks: Buffer[] = [];
    let status: string | undefined;
    stream.on('response', (h) => (status = h['grpc-status'] as string | undefined));
    stream.on('trailers', (t) => (status = t['grpc-status'] as string | undefined));
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      session.close();
      resolve({ status, body: Buffer.concat(chunks) });
    });
    stream.on('error', reject);
    stream.end(body);
  });
}

describe('requests the server cannot decode', () => {
  it('gRPC: a body that is not the message, a compressed flag without an encoding, no message at all', async () => {
    expect((await grpcCall(CHECK, frame(0, NOT_A_MESSAGE))).status).toBe(String(Code.InvalidArgument));
    expect((await grpcCall(CHECK, frame(1, Buffer.from([8, 1])))).status).toBe(String(Code.InvalidArgument));
    expect((await grpcCall(CHECK, Buffer.alloc(0))).status).toBe(String(Code.InvalidArgument));
    // A server-streaming call decodes its request while our code already runs: the same answers.
    expect((await grpcCall('/grpc.health.v1.Health/Watch', Buffer.alloc(0))).status).toBe(String(Code.InvalidArgument));
    expect((await grpcCall('/grpc.health.v1.Health/Watch', frame(0, NOT_A_MESSAGE))).status).toBe(String(Code.InvalidArgument));
  });

  it('gRPC-Web: the status in the trailer frame of the body', async () => {
    const { body } = await grpcCall(CHECK, frame(0, NOT_A_MESSAGE), 'application/grpc-web+proto');
    const trailer = body.subarray(5).toString('utf8');
    expect(body[0]! & 0x80).toBe(0x80);
    expect(trailer).toMatch(/grpc-status: 3\r\n/);
    expect(body.readUInt32BE(1)).toBe(body.length - 5);
  });

  it('Connect: HTTP 400 with code invalid_argument', async () => {
    const response = await fetch(`${server.url}${CHECK}`, { method: 'POST', headers: { 'content-type': 'application/proto' }, body: NOT_A_MESSAGE });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'invalid_argument', message: expect.stringContaining('malformed request') });
  });

  it('leaves an INTERNAL raised by a streaming handler after it read its request as INTERNAL', async () => {
    const request = toBinary(HealthCheckRequestSchema, create(HealthCheckRequestSchema, { service: 'broken' }));
    expect((await grpcCall('/grpc.health.v1.Health/Watch', frame(0, Buffer.from(request)))).status).toBe(String(Code.Internal));
  });

  it('leaves an INTERNAL raised by a handler as INTERNAL', async () => {
    const response = await fetch(`${server.url}${CHECK}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"service":"broken"}' });
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ code: 'internal' });
  });
});
