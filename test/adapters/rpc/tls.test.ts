import http2 from 'node:http2';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type ServiceImpl } from '@connectrpc/connect';
import { createConnectTransport, createGrpcTransport } from '@connectrpc/connect-node';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRpcServer, type RpcServer } from '../../../src/adapters/rpc/server.js';
import { Health, HealthCheckResponse_ServingStatus as Status } from '../../../src/gen/grpc/health/v1/health_pb.js';
import { selfSignedCertificate, type SelfSignedCertificate } from '../../support/tls-cert.js';

// TLS on the one port: ALPN picks HTTP/2 (gRPC) or HTTP/1.1 (Connect JSON, browsers) per connection.
// The certificate is made by openssl for this run; clients trust it as their only root.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let certificate: SelfSignedCertificate;
let server: RpcServer;
const protocolsSeen: string[] = [];

beforeAll(async () => {
  certificate = await selfSignedCertificate();
  server = await tlsHealthServer((request, context) => {
    protocolsSeen.push(context.requestHeader.get('content-type') ?? '');
    return { status: request.service === 'down' ? Status.NOT_SERVING : Status.SERVING };
  });
});
/** A server on the one TLS port with this run's certificate, answering Health checks with `check`. */
function tlsHealthServer(check: ServiceImpl<typeof Health>['check']): Promise<RpcServer> {
  return startRpcServer({
    host: '127.0.0.1',
    port: 0,
    interceptors: [],
    tls: { cert: certificate.cert, key: certificate.key },
    routes: (router) =>
      router.service(Health, {
        check,
        async *watch() {
          yield { status: Status.SERVING };
        },
      }),
  });
}

afterAll(async () => {
  await server?.close(100);
  await certificate?.remove();
});

type HealthClient = grpc.Client & { check(request: object, callback: (error: grpc.ServiceError | null, response: { status: string }) => void): void };

function grpcHealthClient(credentials: grpc.ChannelCredentials): HealthClient {
  const definition = protoLoader.loadSync('grpc/health/v1/health.proto', { includeDirs: [path.join(root, 'proto-vendor')], enums: String });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- dynamically loaded proto
  const Client = (grpc.loadPackageDefinition(definition) as any).grpc.health.v1.Health as typeof grpc.Client;
  return new Client(new URL(server.url).host, credentials, { 'grpc.ssl_target_name_override': 'localhost' }) as HealthClient;
}

const check = (client: HealthClient, service = '') =>
  new Promise<{ status: string }>((resolve, reject) => client.check({ service }, (error, response) => (error ? reject(error) : resolve(response))));

describe('RPC server with TLS', () => {
  it('advertises an https:// URL', () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves a grpc-js client that trusts the certificate, over HTTP/2 negotiated by ALPN', async () => {
    const client = grpcHealthClient(grpc.credentials.createSsl(certificate.cert));
    try {
      expect(await check(client)).toEqual({ status: 'SERVING' });
      expect(await check(client, 'down')).toEqual({ status: 'NOT_SERVING' });
    } finally {
      client.close();
    }
    // The ALPN choice as the server made it: a raw TLS h2 session reports what was negotiated.
    const session = http2.connect(server.url, { ca: certificate.cert });
    await new Promise<void>((resolve, reject) => session.once('connect', () => resolve()).once('error', reject));
    expect(session.alpnProtocol).toBe('h2');
    session.close();
  });

  it('serves Connect JSON over HTTP/1.1 (https) and gRPC over HTTP/2 to connect-node clients', async () => {
    const before = protocolsSeen.length;
    const overHttp1 = createClient(Health, createConnectTransport({ baseUrl: server.url, httpVersion: '1.1', useBinaryFormat: false, nodeOptions: { ca: certificate.cert } }));
    expect((await overHttp1.check({})).status).toBe(Status.SERVING);
    const overHttp2 = createClient(Health, createGrpcTransport({ baseUrl: server.url, nodeOptions: { ca: certificate.cert } }));
    expect((await overHttp2.check({})).status).toBe(Status.SERVING);
    expect(protocolsSeen.slice(before)).toEqual(['application/json', 'application/grpc+proto']);
    // And a plain HTTP/1.1 request, as curl --cacert sends it.
    const response = await new Promise<{ status: number; body: string; version: string }>((resolve, reject) => {
      import('node:https').then(({ request }) => {
        const req = request(`${server.url}/grpc.health.v1.Health/Check`, { method: 'POST', ca: certificate.cert, headers: { 'content-type': 'application/json' } }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body, version: res.httpVersion }));
        });
        req.on('error', reject);
        req.end('{}');
      }, reject);
    });
    expect(response).toEqual({ status: 200, body: '{"status":"SERVING"}', version: '1.1' });
  });

  it('refuses clients that do not trust the certificate or do not speak TLS, and keeps serving', async () => {
    // TLS, but the certificate is not trusted (no root given): the client refuses the handshake.
    const untrusting = grpcHealthClient(grpc.credentials.createSsl());
    const untrusted = await check(untrusting).catch((e: grpc.ServiceError) => e);
    untrusting.close();
    expect(untrusted).toMatchObject({ code: grpc.status.UNAVAILABLE });

    // Cleartext h2c against the TLS port: no TLS handshake, the server drops the connection.
    const plaintext = grpcHealthClient(grpc.credentials.createInsecure());
    const refused = await check(plaintext).catch((e: grpc.ServiceError) => e);
    plaintext.close();
    expect(refused).toMatchObject({ code: grpc.status.UNAVAILABLE });

    // Cleartext HTTP/1.1 (curl http://...): the request fails, it never reaches a handler.
    const before = protocolsSeen.length;
    const cleartext = await fetch(server.url.replace('https:', 'http:') + '/grpc.health.v1.Health/Check', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    }).then(
      (r) => `answered ${r.status}`,
      (e: Error) => e.name,
    );
    expect(cleartext).toBe('TypeError'); // fetch failed: the connection was closed
    expect(protocolsSeen.length).toBe(before);

    const trusting = grpcHealthClient(grpc.credentials.createSsl(certificate.cert));
    expect(await check(trusting)).toEqual({ status: 'SERVING' });
    trusting.close();
  });

  it('closes with TLS connections open: in-flight calls finish, the rest is cut at the grace deadline', async () => {
    let release: () => void = () => undefined;
    let entered = false;
    const own = await tlsHealthServer(async () => {
      entered = true;
      await new Promise<void>((resolve) => (release = resolve));
      return { status: Status.SERVING };
    });
    const client = createClient(Health, createGrpcTransport({ baseUrl: own.url, nodeOptions: { ca: certificate.cert } }));
    const inFlight = client.check({});
    await expect.poll(() => entered).toBe(true);
    const idle = http2.connect(own.url, { ca: certificate.cert });
    const idleClosed = new Promise<void>((resolve) => idle.once('close', () => resolve()));
    idle.on('error', () => undefined);
    const closing = own.close(1_000);
    release();
    expect((await inFlight).status).toBe(Status.SERVING);
    await closing;
    await idleClosed;
  });
});
