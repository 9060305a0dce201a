import { create, toBinary } from '@bufbuild/protobuf';
import { HealthCheckRequestSchema } from '../src/gen/grpc/health/v1/health_pb.js';
import { SearchAvailabilityRequestSchema } from '../src/gen/hotel/v1/search_service_pb.js';
import { grpcFrame, RawGrpcClient } from './lib/raw-grpc.js';
import { load, searchRequest } from './lib/search-requests.js';

// The load generator of bench/search.ts in its own process (`--generator process`, the default), so that the
// client's work is not done on the server's event loop: BENCH_CLIENTS concurrent loops call BENCH_KIND
// (search or echo) at BENCH_URL for BENCH_SECONDS after a 1 s warm-up, then print one JSON line of
// figures. Requests are encoded once (the bench's searches repeat with a short period) and answers
// are not decoded (RawGrpcClient), so search and echo cost the generator about the same.
const url = process.env['BENCH_URL'] ?? '';
const kind = process.env['BENCH_KIND'];
const clients = Number(process.env['BENCH_CLIENTS'] ?? 16);
const seconds = Number(process.env['BENCH_SECONDS'] ?? 10);

const client = new RawGrpcClient(url, {}, 1);
const searches = Array.from({ length: 1000 }, (_, i) => grpcFrame(toBinary(SearchAvailabilityRequestSchema, create(SearchAvailabilityRequestSchema, searchRequest(i)))));
const check = grpcFrame(toBinary(HealthCheckRequestSchema, create(HealthCheckRequestSchema, { service: '' })));
const once =
  kind === 'search'
    ? (i: number) => client.call('/hotel.v1.SearchService/SearchAvailability', searches[i % searches.length]!)
    : () => client.call('/grpc.health.v1.Health/Check', check);
const started = performance.now();
const before = process.cpuUsage();
const figures = await load(once, seconds, clients);
// The generator's own CPU over its run (warm-up included), in cores: near 1, it is what limits the slice.
const { user, system } = process.cpuUsage(before);
process.stderr.write(`load generator (${kind}): ${((user + system) / 1000 / (performance.now() - started)).toFixed(2)} cores\n`);
console.log(JSON.stringify(figures));
client.close();
