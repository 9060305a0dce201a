/* eslint-disable @typescript-eslint/no-explicit-any -- dynamically loaded protos have no static types */
// A partner-style client: @grpc/grpc-js with the .proto files loaded at run time, retrying with
// the server's RetryInfo hint (retry.ts). Run against `npm start`:
//   npx tsx examples/grpc-client/search.ts [http://127.0.0.1:8080] [Paris]
// With TLS (TLS_CERT_FILE / TLS_KEY_FILE on the server) give the https:// URL and CA_FILE=cert.pem.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { withRetry } from './retry.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const url = new URL(process.argv[2] ?? 'http://127.0.0.1:8080');
const city = process.argv[3] ?? 'Paris';
const definition = protoLoader.loadSync('hotel/v1/search_service.proto', {
  includeDirs: [path.join(root, 'proto'), path.join(root, 'proto-vendor')],
  longs: String,
  enums: String,
  defaults: true,
});
const SearchService = (grpc.loadPackageDefinition(definition) as any).hotel.v1.SearchService as typeof grpc.Client;
const credentials =
  url.protocol === 'https:' ? grpc.credentials.createSsl(process.env['CA_FILE'] ? readFileSync(process.env['CA_FILE']) : undefined) : grpc.credentials.createInsecure();
const client = new SearchService(url.host, credentials) as any;

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const response = await withRetry(
  () =>
    new Promise<any>((resolve, reject) =>
      client.searchAvailability({ city, checkIn: day(30), checkOut: day(32), guests: 2 }, (error: grpc.ServiceError | null, r: any) => (error ? reject(error) : resolve(r))),
    ),
  { onRetry: ({ attempt, delayMs, error }) => console.error(`attempt ${attempt}: ${grpc.status[error.code]}, retrying in ${delayMs} ms`) },
);
for (const h of response.hotels ?? []) console.log(`${h.hotel?.name}: ${h.roomTypes?.length ?? 0} room types available`);
client.close();
