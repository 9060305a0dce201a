/* eslint-disable @typescript-eslint/no-explicit-any -- dynamically loaded protos have no static types: that is the point of this client */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

type UnaryMethod = (request: object, callback: (error: grpc.ServiceError | null, response: any) => void) => void;

export type GrpcClient = grpc.Client & Record<string, UnaryMethod>;

/**
 * A plain @grpc/grpc-js client built from the .proto files at run time (dynamic loading), the
 * way a partner would integrate: nothing of ours is imported.
 */
export function grpcClients(
  url: string,
  token?: string,
): { admin: GrpcClient; booking: GrpcClient; search: GrpcClient; rates: GrpcClient; partner: GrpcClient; auth: GrpcClient; close(): void } {
  const definition = protoLoader.loadSync(
    ['hotel/v1/admin_service.proto', 'hotel/v1/booking_service.proto', 'hotel/v1/search_service.proto', 'hotel/v1/rate_service.proto', 'hotel/v1/partner_service.proto', 'hotel/v1/auth_service.proto'],
    { includeDirs: [path.join(root, 'proto'), path.join(root, 'proto-vendor')], keepCase: false, longs: String, enums: String, defaults: true, oneofs: true },
  );
  const pkg = grpc.loadPackageDefinition(definition) as any;
  const target = new URL(url).host;
  // A bearer token rides on every call as `authorization` metadata, the way partners send theirs.
  const interceptors: grpc.Interceptor[] = token
    ? [
        (options, nextCall) =>
          new grpc.InterceptingCall(nextCall(options), {
            start(metadata, listener, next) {
              metadata.set('authorization', `Bearer ${token}`);
              next(metadata, listener);
            },
          }),
      ]
    : [];
  const make = (ctor: typeof grpc.Client): GrpcClient => new ctor(target, grpc.credentials.createInsecure(), { interceptors }) as GrpcClient;
  const admin = make(pkg.hotel.v1.AdminService);
  const booking = make(pkg.hotel.v1.BookingService);
  const search = make(pkg.hotel.v1.SearchService);
  const rates = make(pkg.hotel.v1.RateService);
  const partner = make(pkg.hotel.v1.PartnerService);
  const auth = make(pkg.hotel.v1.AuthService);
  return { admin, booking, search, rates, partner, auth, close: () => [admin, booking, search, rates, partner, auth].forEach((c) => c.close()) };
}

/** Promise form of a unary call: resolves with the response or rejects with the grpc ServiceError. */
export function call<T = any>(client: GrpcClient, method: string, request: object): Promise<T> {
  return new Promise((resolve, reject) => {
    const fn = client[method];
    if (!fn) return reject(new Error(`no method ${method}`));
    fn.call(client, request, (error, response) => (error ? reject(error) : resolve(response as T)));
  });
}

/** Runs a call that must fail; returns its error. */
export async function callError(client: GrpcClient, method: string, request: object): Promise<grpc.ServiceError> {
  try {
    await call(client, method, request);
  } catch (error) {
    return error as grpc.ServiceError;
  }
  throw new Error(`${method} succeeded but was expected to fail`);
}
