import { execFile } from 'node:child_process';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { create, createFileRegistry, fromBinary, type MessageInitShape } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, FileDescriptorSetSchema, type FileDescriptorProto } from '@bufbuild/protobuf/wkt';
import { Code, createClient, createRouterTransport, type ConnectRouter } from '@connectrpc/connect';
import { connectNodeAdapter } from '@connectrpc/connect-node';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthRegistry, registerHealth } from '../../../src/adapters/rpc/health.js';
import { registerReflection } from '../../../src/adapters/rpc/reflection.js';
import {
  ServerReflection,
  type ServerReflectionRequestSchema,
  type ServerReflectionResponse,
} from '../../../src/gen/grpc/reflection/v1/reflection_pb.js';
import { SearchService } from '../../../src/gen/hotel/v1/search_service_pb.js';

const buf = fileURLToPath(new URL('../../../node_modules/.bin/buf', import.meta.url));
const protoVendor = fileURLToPath(new URL('../../../proto-vendor', import.meta.url));
const run = promisify(execFile);

/** Reflection + health + one of our services, registered the way the composition root will. */
function routes(router: ConnectRouter): void {
  router.service(SearchService, {
    searchAvailability: async (req) => ({
      hotels: [{ hotel: { id: 'h1', name: 'Hotel Test', city: req.location.case === 'city' ? req.location.value : '' } }],
    }),
  });
  registerHealth(router, new HealthRegistry().setStatus('hotel.v1.SearchService', 'SERVING'));
  registerReflection(router);
}

type Request = NonNullable<MessageInitShape<typeof ServerReflectionRequestSchema>['messageRequest']>;

async function reflect(...requests: Request[]): Promise<ServerReflectionResponse[]> {
  const client = createClient(ServerReflection, createRouterTransport(routes));
  const responses: ServerReflectionResponse[] = [];
  async function* input() {
    for (const messageRequest of requests) yield { host: 'h', messageRequest };
  }
  for await (const response of client.serverReflectionInfo(input())) responses.push(response);
  return responses;
}

async function fileNames(request: Request): Promise<string[]> {
  const [response] = await reflect(request);
  if (response?.messageResponse.case !== 'fileDescriptorResponse') throw new Error(`no files: ${String(response)}`);
  return response.messageResponse.value.fileDescriptorProto.map((b) => fromBinary(FileDescriptorProtoSchema, b).name);
}

describe('reflection, in process', () => {
  it('lists every registered service, itself and health included, in one stream with other requests', async () => {
    const responses = await reflect(
      { case: 'listServices', value: '' },
      { case: 'fileContainingSymbol', value: 'grpc.health.v1.Health' },
    );
    expect(responses).toHaveLength(2);
    expect(responses[0]?.originalRequest?.messageRequest.case).toBe('listServices');
    const list = responses[0]?.messageResponse;
    expect(list?.case === 'listServicesResponse' && list.value.service.map((s) => s.name)).toEqual([
      'grpc.health.v1.Health',
      'grpc.reflection.v1.ServerReflection',
      'hotel.v1.SearchService',
    ]);
    expect(responses[1]?.messageResponse.case).toBe('fileDescriptorResponse');
  });

  it('answers a symbol with its file first, then every transitive dependency once', async () => {
    const names = await fileNames({ case: 'fileContainingSymbol', value: 'hotel.v1.SearchService' });
    expect(names[0]).toBe('hotel/v1/search_service.proto');
    expect(names).toEqual(expect.arrayContaining(['hotel/v1/hotel.proto', 'hotel/v1/common.proto', 'buf/validate/validate.proto', 'google/protobuf/descriptor.proto']));
    expect(new Set(names).size).toBe(names.length);
  });

  it('returns descriptors complete enough to rebuild the schema', async () => {
    const [response] = await reflect({ case: 'fileContainingSymbol', value: 'hotel.v1.SearchService' });
    const protos = response?.messageResponse.case === 'fileDescriptorResponse' ? response.messageResponse.value.fileDescriptorProto : [];
    const byName = new Map(protos.map((b) => fromBinary(FileDescriptorProtoSchema, b)).map((f) => [f.name, f]));
    const sorted: FileDescriptorProto[] = []; // a FileDescriptorSet must list dependencies first
    const visit = (name: string): void => {
      const file = byName.get(name);
      if (file === undefined || sorted.includes(file)) return;
      file.dependency.forEach(visit);
      sorted.push(file);
    };
    [...byName.keys()].forEach(visit);
    expect(sorted).toHaveLength(byName.size);
    const registry = createFileRegistry(create(FileDescriptorSetSchema, { file: sorted }));
    expect(registry.getService('hotel.v1.SearchService')?.methods.map((m) => m.name)).toEqual(expect.arrayContaining(['SearchAvailability', 'GetRateCalendar']));
    expect(registry.getMessage('hotel.v1.SearchAvailabilityRequest')?.fields.map((f) => f.name)).toContain('check_in');
  });

  it.each([
    'hotel.v1.SearchService.SearchAvailability',
    '.hotel.v1.SearchAvailabilityRequest',
    'hotel.v1.SearchAvailabilityRequest.check_in',
    'grpc.health.v1.HealthCheckResponse.ServingStatus',
    'grpc.health.v1.HealthCheckResponse.SERVING',
  ])('finds the file containing %s', async (symbol) => {
    const [first] = await fileNames({ case: 'fileContainingSymbol', value: symbol });
    expect(first).toMatch(/^(hotel\/v1\/search_service|grpc\/health\/v1\/health)\.proto$/);
  });

  it('describes the error detail types our errors carry, though no service imports them', async () => {
    expect((await fileNames({ case: 'fileContainingSymbol', value: 'google.rpc.BadRequest' }))[0]).toBe('google/rpc/error_details.proto');
  });

  it('answers by file name', async () => {
    expect(await fileNames({ case: 'fileByFilename', value: 'grpc/health/v1/health.proto' })).toEqual(['grpc/health/v1/health.proto']);
  });

  it('finds extensions and their numbers', async () => {
    const [first] = await fileNames({ case: 'fileContainingExtension', value: { containingType: 'google.protobuf.FieldOptions', extensionNumber: 1159 } });
    expect(first).toBe('buf/validate/validate.proto');
    const [numbers] = await reflect({ case: 'allExtensionNumbersOfType', value: 'google.protobuf.FieldOptions' });
    expect(numbers?.messageResponse.case === 'allExtensionNumbersResponse' && numbers.messageResponse.value.extensionNumber).toContain(1159);
  });

  it('answers unknown names with NOT_FOUND in the stream and keeps the stream open', async () => {
    const responses = await reflect(
      { case: 'fileContainingSymbol', value: 'hotel.v1.Nope' },
      { case: 'fileByFilename', value: 'nope.proto' },
      { case: 'fileContainingExtension', value: { containingType: 'hotel.v1.Hotel', extensionNumber: 99 } },
      { case: 'listServices', value: '' },
    );
    expect(responses.slice(0, 3).map((r) => r.messageResponse.case === 'errorResponse' && r.messageResponse.value.errorCode)).toEqual([
      Code.NotFound,
      Code.NotFound,
      Code.NotFound,
    ]);
    expect(responses[3]?.messageResponse.case).toBe('listServicesResponse');
  });
});

describe('reflection and health over a real h2c socket', () => {
  let server: http2.Http2Server;
  let url: string;
  let address: string;
  const sessions = new Set<http2.ServerHttp2Session>();

  beforeAll(async () => {
    server = http2.createServer(connectNodeAdapter({ routes }));
    server.on('session', (s) => sessions.add(s.once('close', () => sessions.delete(s))));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    url = `http://${address}`;
  });
  afterAll(async () => {
    for (const s of sessions) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  const curl = async (...args: string[]): Promise<string> =>
    (await run(buf, ['curl', '--protocol', 'grpc', '--http2-prior-knowledge', ...args], { timeout: 30_000 })).stdout;

  it('buf curl lists services and methods through reflection', async () => {
    expect((await curl('--list-services', url)).split('\n').filter(Boolean).sort()).toEqual([
      'grpc.health.v1.Health',
      'grpc.reflection.v1.ServerReflection',
      'hotel.v1.SearchService',
    ]);
    expect((await curl('--list-methods', url)).split('\n')).toContain('hotel.v1.SearchService/SearchAvailability');
  });

  it('buf curl calls our service knowing its schema only from reflection', async () => {
    const body = '{"city":"Paris","checkIn":"2030-01-01","checkOut":"2030-01-02","guests":1}';
    const out = await curl('-d', body, `${url}/hotel.v1.SearchService/SearchAvailability`);
    expect(JSON.parse(out)).toEqual({ hotels: [{ hotel: { id: 'h1', name: 'Hotel Test', city: 'Paris' } }] });
  });

  it('buf curl checks health', async () => {
    expect(JSON.parse(await curl(`${url}/grpc.health.v1.Health/Check`))).toEqual({ status: 'SERVING' });
    const out = await curl('-d', '{"service":"hotel.v1.SearchService"}', `${url}/grpc.health.v1.Health/Check`);
    expect(JSON.parse(out)).toEqual({ status: 'SERVING' });
    await expect(curl('-d', '{"service":"nope"}', `${url}/grpc.health.v1.Health/Check`)).rejects.toMatchObject({
      stderr: expect.stringContaining('not_found'),
    });
  });

  it('grpc-js checks health with the vendored health.proto', async () => {
    const definition = protoLoader.loadSync('grpc/health/v1/health.proto', { includeDirs: [protoVendor], enums: String });
    const pkg = grpc.loadPackageDefinition(definition) as unknown as {
      grpc: { health: { v1: { Health: new (address: string, credentials: grpc.ChannelCredentials) => HealthClient } } };
    };
    const client = new pkg.grpc.health.v1.Health(address, grpc.credentials.createInsecure());
    try {
      const check = (service: string) =>
        new Promise<{ status: string }>((resolve, reject) =>
          client.Check({ service }, (error, response) => (error ? reject(error) : resolve(response as { status: string }))),
        );
      expect(await check('')).toEqual({ status: 'SERVING' });
      expect(await check('hotel.v1.SearchService')).toEqual({ status: 'SERVING' });
      await expect(check('nope')).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
    } finally {
      client.close();
    }
  });
});

interface HealthClient extends grpc.Client {
  Check(request: { service: string }, callback: (error: grpc.ServiceError | null, response?: unknown) => void): grpc.ClientUnaryCall;
}
