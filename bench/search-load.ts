import { createClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { Health } from '../src/gen/grpc/health/v1/health_pb.js';
import { SearchService } from '../src/gen/hotel/v1/search_service_pb.js';
import { load, searchRequest } from './lib/search-requests.js';

// The load generator of bench/search.ts in its own process (`--generator process`, the default), so that the
// client's work (encoding requests, decoding answers) is not done on the server's event loop:
// BENCH_CLIENTS concurrent loops over one HTTP/2 connection call BENCH_KIND (search or echo) at
// BENCH_URL for BENCH_SECONDS after a 1 s warm-up, then print one JSON line of figures.
const url = process.env['BENCH_URL'] ?? '';
const kind = process.env['BENCH_KIND'];
const clients = Number(process.env['BENCH_CLIENTS'] ?? 16);
const seconds = Number(process.env['BENCH_SECONDS'] ?? 10);

const transport = createGrpcTransport({ baseUrl: url });
const search = createClient(SearchService, transport);
const health = createClient(Health, transport);
const once = kind === 'search' ? (i: number) => search.searchAvailability(searchRequest(i)) : () => health.check({ service: '' });
console.log(JSON.stringify(await load(once, seconds, clients)));
