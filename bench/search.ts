import { randomBytes } from 'node:crypto';
import { execFileSync, spawn } from 'node:child_process';
import { AesGcmPiiProtector } from '../src/adapters/crypto/aes-gcm-pii-protector.js';
import { testAuthEnv } from '../test/support/auth.js';
import { accessInterceptor } from '../src/adapters/rpc/access-policy.js';
import { MemoryRateLimiter } from '../src/adapters/cache/memory-rate-limiter.js';
import { ANONYMOUS } from '../src/core/access/principal.js';
import { ok } from '../src/core/shared/result.js';
import { testPiiEnv } from '../test/support/pii.js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import inspector from 'node:inspector/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createClient, type Client } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import pg from 'pg';
import { pino } from 'pino';
import { createElasticsearch } from '../src/adapters/elasticsearch/create-elasticsearch.js';
import { createShardedPostgres } from '../src/adapters/postgres/sharding/create-sharded-postgres.js';
import { ShardMap } from '../src/adapters/postgres/sharding/shard-map.js';
import { errorsInterceptor } from '../src/adapters/rpc/errors-interceptor.js';
import { startRpcServer } from '../src/adapters/rpc/server.js';
import { validationInterceptor } from '../src/adapters/rpc/validation.js';
import { rateLimitInterceptor } from '../src/adapters/rpc/rate-limit.js';
import { randomIdGenerator } from '../src/adapters/system/random-id-generator.js';
import { systemClock } from '../src/adapters/system/system-clock.js';
import { loadConfig } from '../src/app/config.js';
import { reindexFromDatabase } from '../src/app/reindex.js';
import { seedHotels } from '../src/app/seed-data.js';
import { AppTelemetry } from '../src/app/telemetry.js';
import { startApp } from '../src/app/start-app.js';
import { CreateHotel } from '../src/core/admin/create-hotel.js';
import { CreateRoomType } from '../src/core/admin/create-room-type.js';
import { SetInventory } from '../src/core/admin/set-inventory.js';
import { Health, HealthCheckResponse_ServingStatus } from '../src/gen/grpc/health/v1/health_pb.js';
import { SearchService } from '../src/gen/hotel/v1/search_service_pb.js';
import { writeBenchResult } from './lib/result.js';
import { load, merge, searchRequest, type Figures } from './lib/search-requests.js';
import { ADMIN_URL, adminQuery } from './lib/database.js';
import { parsePlacement, type PlacedDatabase, withPlacedDatabase } from './lib/cpu-split.js';

/**
 * `npm run bench:search [-- --sizes 500,5000 --seconds 30 --clients 16 --rounds 3 --generator process|in-process --candidate-cache-ms N --cpus split|shared]`
 *
 * For each size: a fresh database on the local PostgreSQL seeded through the use cases (hotels in 20
 * real cities, 3 room types, 60 nights), the Elasticsearch index rebuilt from it (ELASTICSEARCH_URL,
 * or a node started with scripts/es/start-es.sh). Then for each search backend, the real server
 * (startApp) serves SearchAvailability over gRPC to N concurrent clients for S seconds (half by city,
 * half within 10 km of a city centre, a 2-night stay 30-40 days ahead, 2 guests): p50, p99, req/s.
 * A bare echo RPC (grpc.health.v1.Check answering SERVING without probes) on a server with the app's
 * own interceptor chain (tracing, metrics, access log, errors, rate limit, validation), driven
 * by the same generator, gives the ceiling of the stack; the ratio is search / echo. Search and echo
 * alternate in R slices of S/R seconds each (a 1 s warm-up before each), so that the other jobs on
 * a shared machine, whose load comes and goes, weigh on both alike.
 *
 * The load generator runs in a process of its own by default (bench/search-load.ts), as h2load or
 * wrk would; `--generator in-process` runs it on the server's event loop, the method before issue
 * 6. Measured both ways, the in-process ratios were not lower (see the README), so neither method
 * favours the search. The generator sends ready-encoded requests and does not decode answers
 * (bench/lib/raw-grpc.ts), so a search's large answer costs it no more than the echo's.
 *
 * `--cpus split` (the default on a machine of 2 cores or more, as root): the server on half the
 * cores to itself; PostgreSQL (a cluster of its own), the Elasticsearch node and the load generator
 * on the others, as h2load and the databases would run on other machines. The ratio then compares
 * the server's own work per search and per echo. `--cpus shared`: all on every core, the machine's
 * PostgreSQL (bench/lib/cpu-split.ts).
 * `--candidate-cache-ms 0` turns the candidate cache off (SEARCH_CANDIDATE_CACHE_TTL_MS) to measure without it.
 * BENCH_PROFILE=<dir> writes the server's CPU profile of every slice (see `profiled`); with
 * BENCH_PROFILE_HEAP=1, its sampling heap profile instead.
 */
const { values } = parseArgs({ options: { sizes: { type: 'string' }, seconds: { type: 'string' }, clients: { type: 'string' }, generator: { type: 'string' }, rounds: { type: 'string' }, 'candidate-cache-ms': { type: 'string' }, cpus: { type: 'string' } } });
const SIZES = (values.sizes ?? '500,5000').split(',').map(Number);
// 30 s in 3 slices: with 3 s slices two runs of the same code differed by 0.05 in the ratio.
const SECONDS = Number(values.seconds ?? 30);
const CLIENTS = Number(values.clients ?? 16);
const GENERATOR = values.generator ?? 'process';
// The S seconds of each measurement come in this many slices, search and echo alternating.
const ROUNDS = Number(values.rounds ?? 3);
// Unset: the app's default (SEARCH_CANDIDATE_CACHE_TTL_MS); 0 measures search without the candidate cache.
const CANDIDATE_CACHE_MS = values['candidate-cache-ms'];
if (GENERATOR !== 'process' && GENERATOR !== 'in-process') throw new Error('--generator is process or in-process');
const PLACEMENT = parsePlacement(values.cpus);
/** Real AES-GCM sealing under throwaway keys: the benchmark measures what production does. */
const benchPii = () => new AesGcmPiiProtector({ keys: new Map([['bench', randomBytes(32)]]), activeKeyId: 'bench', indexKey: randomBytes(32) });

const ROOT = path.resolve(import.meta.dirname, '..');
const log = pino({ level: 'warn' });

/** The load of one run, from this process or from bench/search-load.ts in a process of its own. */
function runLoad(placement: PlacedDatabase, url: string, kind: 'search' | 'echo', clients: { search: Client<typeof SearchService>; echo: Client<typeof Health> }): Promise<Figures> {
  if (GENERATOR === 'in-process') {
    const once = kind === 'search' ? (i: number) => clients.search.searchAvailability(searchRequest(i)) : () => clients.echo.check({ service: '' });
    return load(once, SECONDS / ROUNDS, CLIENTS);
  }
  return new Promise((resolve, reject) => {
    // With --cpus split the generator runs beside the databases, as h2load on another machine would,
    // and the server has its cores to itself: the ratio compares the server's own work per search
    // and per echo, not the generator's, which both pay alike.
    const [command, args] = placement.onDatabaseCores(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'bench/search-load.ts')]);
    const child = spawn(command, args, {
      env: { ...process.env, BENCH_URL: url, BENCH_KIND: kind, BENCH_CLIENTS: String(CLIENTS), BENCH_SECONDS: String(SECONDS / ROUNDS) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Figures) : reject(new Error(`load generator exited with ${code}`))));
  });
}

/**
 * With BENCH_PROFILE=<dir>, the server process's CPU profile of each search and each echo slice, on
 * its own (`<dir>/search-postgres-500.<n>.cpuprofile`, ...): where a search's time goes, without the
 * seeding, indexing and the other kind's slices of a whole-process `--cpu-prof`.
 */
async function profiled<T>(name: string, run: () => Promise<T>): Promise<T> {
  const dir = process.env['BENCH_PROFILE'];
  if (!dir) return run();
  // BENCH_PROFILE_HEAP=1: V8's sampling heap profile instead (every allocation sampled, collected or not).
  const heap = process.env['BENCH_PROFILE_HEAP'] === '1';
  const session = new inspector.Session();
  session.connect();
  if (heap) {
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  } else {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  try {
    return await run();
  } finally {
    const { profile } = heap ? await session.post('HeapProfiler.stopSampling') : await session.post('Profiler.stop');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${name}.${Date.now()}.${heap ? 'heapprofile' : 'cpuprofile'}`), JSON.stringify(profile));
    session.disconnect();
  }
}

async function elasticsearchUrl(placed: PlacedDatabase): Promise<{ url: string; stop: () => void; placed: boolean }> {
  const given = process.env['ELASTICSEARCH_URL'];
  if (given) return { url: given, stop: () => undefined, placed: false };
  const pidFile = path.join(ROOT, '.es-cache/bench.pid');
  const out = execFileSync(path.join(ROOT, 'scripts/es/start-es.sh'), ['--port', '0', '--pid-file', pidFile, '-E', 'logger.level=warn'], { encoding: 'utf8' });
  const url = /ES_URL=(\S+)/.exec(out)?.[1];
  if (!url) throw new Error(`could not start Elasticsearch: ${out}`);
  // With --cpus split, on the database's cores: a search node is another machine in production.
  await placed.pin(Number(readFileSync(pidFile, 'utf8').trim()));
  return { url, placed: true, stop: () => execFileSync(path.join(ROOT, 'scripts/es/stop-es.sh'), ['--pid-file', pidFile], { stdio: 'inherit' }) };
}

async function main(): Promise<void> {
  await withPlacedDatabase(PLACEMENT, ADMIN_URL, benchmark);
}

async function benchmark(placed: PlacedDatabase): Promise<void> {
  const admin = (sql: string) => adminQuery(sql, placed.adminUrl);
  const es = await elasticsearchUrl(placed);
  const cores =
    PLACEMENT === 'split'
      ? `${placed.description.replace('server, load generator and pgbench', 'the server')}; Elasticsearch ${es.placed ? 'and the load generator with PostgreSQL' : 'from ELASTICSEARCH_URL, not placed; the load generator with PostgreSQL'}`
      : placed.description;
  process.stderr.write(`cores: ${cores}\n`);
  const echo = await startRpcServer({
    host: '127.0.0.1',
    port: 0,
    // The app's own chain (tracing, metrics, access log, errors, access, rate limit as configured below: off, validation),
    // so that the echo pays every cost of the stack that a search pays, and nothing more.
    interceptors: [
      ...new AppTelemetry(log).rpcInterceptors(),
      errorsInterceptor(log),
      accessInterceptor(async () => ok(ANONYMOUS)),
      rateLimitInterceptor({ limits: loadConfig({ RATE_LIMIT_PER_SECOND: '0' }).rateLimits, limiter: new MemoryRateLimiter(), now: () => Date.now() }),
      validationInterceptor(),
    ],
    routes: (router) => router.service(Health, { check: async () => ({ status: HealthCheckResponse_ServingStatus.SERVING }) }),
  });
  const echoClient = createClient(Health, createGrpcTransport({ baseUrl: echo.url }));
  const rows: string[] = [];
  const measured: { size: number; backend: string; search: { perSecond: number; p50: number; p99: number }; bare: { perSecond: number } }[] = [];
  try {
    for (const size of SIZES) {
      const name = `bench_search_${process.pid}_${size}`;
      await admin(`create database ${name}`);
      const url = new URL(placed.adminUrl);
      url.pathname = `/${name}`;
      const index = `bench-search-${process.pid}-${size}`;
      try {
        const postgres = await createShardedPostgres({ map: ShardMap.single(url.toString()), poolSize: 8, routeRefreshMs: 0, pii: benchPii() });
        await postgres.migrate();
        const deps = { uow: postgres.uow, ids: randomIdGenerator, clock: systemClock };
        const seedStarted = Date.now();
        await seedHotels(
          { createHotel: new CreateHotel(deps), createRoomType: new CreateRoomType(deps), setInventory: new SetInventory(deps) },
          { hotels: size, nights: 60, concurrency: 8, now: systemClock.now(), onProgress: (done, total) => done % 500 === 0 && process.stderr.write(`seeding ${done}/${total}\n`) },
        );
        const esAdapter = createElasticsearch({ url: es.url, index });
        await reindexFromDatabase(postgres, esAdapter);
        await postgres.close();
        // The index is built from the database: the seed's catalog events need no relaying, and
        // relaying thousands of them would load the server during the first measured run.
        const db = new pg.Client({ connectionString: url.toString() });
        await db.connect();
        await db.query('update outbox set sent_at = now() where sent_at is null');
        await db.end();
        process.stderr.write(`${size} hotels seeded and indexed in ${((Date.now() - seedStarted) / 1000).toFixed(0)} s\n`);

        for (const backend of ['postgres', 'elasticsearch'] as const) {
          // Key files of its own (token signing keys, PII keys), never the working copy's .data/.
          const auth = testAuthEnv();
          const app = await startApp(
            loadConfig({
              HOST: '127.0.0.1',
              PORT: '0',
              OPS_PORT: '0',
              DATABASE_URL: url.toString(),
              SEED_DEMO: 'never',
              LOG_LEVEL: 'warn',
              RATE_LIMIT_PER_SECOND: '0',
              SEARCH_BACKEND: backend,
              ELASTICSEARCH_URL: es.url,
              ELASTICSEARCH_INDEX: index,
              ...auth.env,
              ...testPiiEnv(),
              ...(CANDIDATE_CACHE_MS === undefined ? {} : { SEARCH_CANDIDATE_CACHE_TTL_MS: CANDIDATE_CACHE_MS }),
            }),
            log,
          );
          try {
            const client: Client<typeof SearchService> = createClient(SearchService, createGrpcTransport({ baseUrl: app.url }));
            const found = await client.searchAvailability(searchRequest(0));
            if (found.hotels.length === 0) throw new Error(`${backend} at ${size} hotels found nothing: the bench would measure empty answers`);
            // Alternating slices, so that a change in the machine's other load hits both about alike.
            const searchSlices: Figures[] = [];
            const echoSlices: Figures[] = [];
            for (let round = 0; round < ROUNDS; round++) {
              searchSlices.push(await profiled(`search-${backend}-${size}`, () => runLoad(placed, app.url, 'search', { search: client, echo: echoClient })));
              echoSlices.push(await profiled(`echo-${backend}-${size}`, () => runLoad(placed, echo.url, 'echo', { search: client, echo: echoClient })));
            }
            const search = merge(searchSlices);
            const bare = merge(echoSlices);
            rows.push(
              `| ${size} | ${backend} | ${search.p50.toFixed(1)} | ${search.p99.toFixed(1)} | ${search.perSecond.toFixed(0)} | ${bare.perSecond.toFixed(0)} | ${(search.perSecond / bare.perSecond).toFixed(2)} | ${search.errors} |`,
            );
            measured.push({ size, backend, search, bare });
            process.stderr.write(`${rows.at(-1)}\n`);
          } finally {
            await app.stop();
            await auth.remove();
          }
        }
        await esAdapter.dropIndex();
        await esAdapter.close();
      } finally {
        await admin(`drop database if exists ${name} with (force)`);
      }
    }
  } finally {
    await echo.close();
    es.stop();
  }
  console.log(`\nSearchAvailability over gRPC, ${CLIENTS} clients, ${SECONDS} s per run in ${ROUNDS} alternating slices, load generator ${GENERATOR === 'process' ? 'in its own process' : 'in the same process'}, candidate cache ${CANDIDATE_CACHE_MS ?? 'default'} ms\ncores (--cpus ${PLACEMENT}): ${cores}\n`);
  console.log('| hotels | backend | p50 ms | p99 ms | search req/s | echo req/s | search/echo | errors |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
  const growth: { label: string; value: number; target?: number }[] = [];
  for (const backend of ['postgres', 'elasticsearch']) {
    const p50s = rows.filter((r) => r.includes(`| ${backend} |`)).map((r) => Number(r.split('|')[3]));
    if (p50s.length === 2) {
      console.log(`${backend}: p50 at ${SIZES[1]} / p50 at ${SIZES[0]} = ${((p50s[1] ?? NaN) / (p50s[0] ?? NaN)).toFixed(2)} (target < 2)`);
      growth.push({ label: `${backend}: p50 at ${SIZES[1]} hotels / p50 at ${SIZES[0]} (target: below 2)`, value: (p50s[1] ?? NaN) / (p50s[0] ?? NaN) });
    }
  }
  writeBenchResult({
    name: 'search',
    summary: `SearchAvailability over gRPC from ${CLIENTS} clients, ${SECONDS} s per run in ${ROUNDS} slices alternating with the echo, at ${SIZES.join(' and ')} hotels on each backend, against an echo RPC (grpc.health.v1 Check) behind the same interceptors; load generator ${GENERATOR === 'process' ? 'in its own process' : 'in the server process'}, candidate cache ${CANDIDATE_CACHE_MS ?? 'default (5000)'} ms`,
    figures: measured.map((m) => ({ label: `${m.backend}, ${m.size} hotels`, value: m.search.perSecond, unit: 'searches/s' })),
    ratios: [...measured.map((m) => ({ label: `search / echo, ${m.backend}, ${m.size} hotels`, value: m.search.perSecond / m.bare.perSecond, target: 0.5 })), ...growth],
    latencies: measured.map((m) => ({ label: `search ${m.backend} ${m.size}`, p50: m.search.p50, p90: Number.NaN, p99: m.search.p99 })),
    notes: [`the load generator ${GENERATOR === 'process' ? 'runs in its own process' : 'runs in the same process as the server'}`, `cores (--cpus ${PLACEMENT}): ${cores}`, 'p90 is not measured by this benchmark'],
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
