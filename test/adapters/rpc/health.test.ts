import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Code, ConnectError, createClient, createRouterTransport, type Client } from '@connectrpc/connect';
import { connectNodeAdapter } from '@connectrpc/connect-node';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { describe, expect, it, vi } from 'vitest';
import { HealthRegistry, registerHealth } from '../../../src/adapters/rpc/health.js';
import { Health, HealthCheckResponse_ServingStatus as Status } from '../../../src/gen/grpc/health/v1/health_pb.js';

function setup(): { registry: HealthRegistry; client: Client<typeof Health> } {
  const registry = new HealthRegistry();
  const client = createClient(Health, createRouterTransport((router) => registerHealth(router, registry)));
  return { registry, client };
}

describe('Health.Check', () => {
  it('reports the whole server as SERVING from the start, and named services as set', async () => {
    const { registry, client } = setup();
    expect((await client.check({})).status).toBe(Status.SERVING);
    registry.setStatus('hotel.v1.SearchService', 'NOT_SERVING');
    expect((await client.check({ service: 'hotel.v1.SearchService' })).status).toBe(Status.NOT_SERVING);
    registry.setStatus('', 'NOT_SERVING');
    expect((await client.check({})).status).toBe(Status.NOT_SERVING);
  });

  it('answers NOT_FOUND for a service never named', async () => {
    const { client } = setup();
    const error = await client.check({ service: 'nope.v1.Nope' }).catch((e: unknown) => ConnectError.from(e));
    expect(error).toMatchObject({ code: Code.NotFound });
  });

  it('runs dependency checks on every Check: false, throwing or rejecting means NOT_SERVING', async () => {
    const { registry, client } = setup();
    let databaseUp = true;
    registry.addCheck('hotel.v1.BookingService', () => databaseUp).addCheck('hotel.v1.BookingService', async () => true);
    expect((await client.check({ service: 'hotel.v1.BookingService' })).status).toBe(Status.SERVING);
    databaseUp = false;
    expect((await client.check({ service: 'hotel.v1.BookingService' })).status).toBe(Status.NOT_SERVING);
    databaseUp = true;
    registry.addCheck('hotel.v1.BookingService', () => Promise.reject(new Error('broker down')));
    expect((await client.check({ service: 'hotel.v1.BookingService' })).status).toBe(Status.NOT_SERVING);
    registry.addCheck('', () => {
      throw new Error('boom');
    });
    expect((await client.check({})).status).toBe(Status.NOT_SERVING);
  });

  it('lists every named service', async () => {
    const { registry, client } = setup();
    registry.setStatus('a.A', 'SERVING').setStatus('b.B', 'NOT_SERVING');
    const { statuses } = await client.list({});
    expect(Object.fromEntries(Object.entries(statuses).map(([k, v]) => [k, v.status]))).toEqual({
      '': Status.SERVING,
      'a.A': Status.SERVING,
      'b.B': Status.NOT_SERVING,
    });
  });
});

describe('Health.Watch', () => {
  it('sends the current status, then each change, and unsubscribes when the client goes away', async () => {
    const { registry, client } = setup();
    const abort = new AbortController();
    const stream = client.watch({ service: 'hotel.v1.SearchService' }, { signal: abort.signal })[Symbol.asyncIterator]();
    expect((await stream.next()).value).toMatchObject({ status: Status.SERVICE_UNKNOWN });
    expect(registry.watchers).toBe(1);
    registry.setStatus('hotel.v1.SearchService', 'SERVING');
    registry.setStatus('hotel.v1.SearchService', 'SERVING'); // no change, no message
    registry.setStatus('other.v1.Other', 'NOT_SERVING'); // another service, no message
    registry.setStatus('hotel.v1.SearchService', 'NOT_SERVING');
    expect((await stream.next()).value).toMatchObject({ status: Status.SERVING });
    expect((await stream.next()).value).toMatchObject({ status: Status.NOT_SERVING });
    abort.abort();
    await expect(stream.next()).rejects.toMatchObject({ code: Code.Canceled });
    await vi.waitFor(() => expect(registry.watchers).toBe(0));
  });

  it('reports shutdown to watchers', async () => {
    const { registry, client } = setup();
    const abort = new AbortController();
    const stream = client.watch({}, { signal: abort.signal })[Symbol.asyncIterator]();
    expect((await stream.next()).value).toMatchObject({ status: Status.SERVING });
    registry.shutdown();
    expect((await stream.next()).value).toMatchObject({ status: Status.NOT_SERVING });
    abort.abort();
    await vi.waitFor(() => expect(registry.watchers).toBe(0));
  });

  it('over h2c, a grpc-js client receives changes and cancelling it frees the subscription', async () => {
    const registry = new HealthRegistry();
    const server = http2.createServer(connectNodeAdapter({ routes: (router) => registerHealth(router, registry) }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const protoVendor = fileURLToPath(new URL('../../../proto-vendor', import.meta.url));
    const pkg = grpc.loadPackageDefinition(
      protoLoader.loadSync('grpc/health/v1/health.proto', { includeDirs: [protoVendor], enums: String }),
    ) as unknown as { grpc: { health: { v1: { Health: new (address: string, credentials: grpc.ChannelCredentials) => WatchClient } } } };
    const client = new pkg.grpc.health.v1.Health(`127.0.0.1:${(server.address() as AddressInfo).port}`, grpc.credentials.createInsecure());
    try {
      const call = client.Watch({ service: '' });
      const received: string[] = [];
      const errored = new Promise<grpc.ServiceError>((resolve) => call.on('error', resolve));
      await new Promise<void>((resolve) =>
        call.on('data', ({ status }: { status: string }) => {
          received.push(status);
          if (status === 'SERVING') registry.setStatus('', 'NOT_SERVING');
          if (status === 'NOT_SERVING') resolve();
        }),
      );
      expect(received).toEqual(['SERVING', 'NOT_SERVING']);
      call.cancel();
      expect((await errored).code).toBe(grpc.status.CANCELLED);
      await vi.waitFor(() => expect(registry.watchers).toBe(0));
    } finally {
      client.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

interface WatchClient extends grpc.Client {
  Watch(request: { service: string }): grpc.ClientReadableStream<unknown>;
}
