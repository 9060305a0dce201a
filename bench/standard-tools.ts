import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { create, toBinary } from '@bufbuild/protobuf';
import pg from 'pg';
import { HealthCheckRequestSchema } from '../src/gen/grpc/health/v1/health_pb.js';
import { SearchAvailabilityRequestSchema } from '../src/gen/hotel/v1/search_service_pb.js';
import { startMainProcess } from '../test/support/main-process.js';
import { machine, writeBenchResult, type BenchResult } from './lib/result.js';

/**
 * `npm run bench:tools [-- --seconds 10 --clients 16]`
 *
 * Load from standard tools instead of our own generator: h2load (nghttp2) sends gRPC over h2c,
 * wrk sends Connect JSON over HTTP/1.1, both at the server as `npm start` runs it (src/main.ts on a
 * fresh local database with the demo data). Each tool measures SearchAvailability (Paris, 2 nights,
 * 2 guests) and, as the baseline of the same stack with no work behind it, grpc.health.v1.Health/Check;
 * the ratio search / health is what the search costs on top of the RPC plumbing. The tools are
 * installed with apt-get when missing.
 */
const { values } = parseArgs({ options: { seconds: { type: 'string' }, clients: { type: 'string' } } });
const SECONDS = Number(values.seconds ?? 10);
const CLIENTS = Number(values.clients ?? 16);
const ADMIN_URL = process.env['TEST_DATABASE_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

function ensureTool(binary: string, pkg: string): void {
  try {
    execFileSync('which', [binary], { stdio: 'ignore' });
  } catch {
    console.log(`${binary} is missing: apt-get install ${pkg}`);
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', pkg], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
}

/** A gRPC length-prefixed message: flag 0 (uncompressed), 4-byte big-endian length, the bytes. */
function grpcFrame(message: Uint8Array): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt32BE(message.length, 1);
  return Buffer.concat([head, message]);
}

interface ToolRun {
  readonly perSecond: number;
  readonly meanMs: number;
  readonly p50?: number;
  readonly p90?: number;
  readonly p99?: number;
  readonly failed: number;
}

/** h2load: gRPC unary calls over one h2c connection per client, 10 streams each. */
function h2load(url: string, token: string, rpcPath: string, body: Buffer, dir: string): ToolRun {
  const file = path.join(dir, `${rpcPath.replaceAll('/', '_')}.bin`);
  writeFileSync(file, body);
  const out = execFileSync(
    'h2load',
    ['-D', String(SECONDS), '-c', String(CLIENTS), '-m', '10', '-t', '1', '-d', file, '-H', 'content-type: application/grpc', '-H', 'te: trailers', '-H', `authorization: Bearer ${token}`, `${url}${rpcPath}`],
    { encoding: 'utf8', maxBuffer: 16 * 2 ** 20 },
  );
  const perSecond = Number(/finished in [\d.]+m?s, ([\d.]+) req\/s/.exec(out)?.[1]);
  const mean = /time for request:\s+\S+\s+\S+\s+(\S+)/.exec(out)?.[1] ?? 'NaN';
  const failed = Number(/(\d+) failed/.exec(out)?.[1] ?? 0) + Number(/(\d+) errored/.exec(out)?.[1] ?? 0);
  const codes = /status codes: \d+ 2xx, \d+ 3xx, (\d+) 4xx, (\d+) 5xx/.exec(out);
  return { perSecond, meanMs: toMs(mean), failed: failed + Number(codes?.[1] ?? 0) + Number(codes?.[2] ?? 0) };
}

/** wrk: Connect JSON over HTTP/1.1 keep-alive connections, latency percentiles from --latency. */
function wrk(url: string, token: string, rpcPath: string, json: string, dir: string): ToolRun {
  const script = path.join(dir, `${rpcPath.replaceAll('/', '_')}.lua`);
  writeFileSync(script, `wrk.method = "POST"\nwrk.body = ${JSON.stringify(json)}\nwrk.headers["Content-Type"] = "application/json"\nwrk.headers["Authorization"] = ${JSON.stringify(`Bearer ${token}`)}\n`);
  const out = execFileSync('wrk', ['-t', '2', '-c', String(CLIENTS), '-d', `${SECONDS}s`, '--latency', '-s', script, `${url}${rpcPath}`], { encoding: 'utf8' });
  const perSecond = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const pct = (p: string) => toMs(new RegExp(`\\s${p}%\\s+(\\S+)`).exec(out)?.[1] ?? 'NaN');
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  return { perSecond, meanMs: toMs(/Latency\s+(\S+)/.exec(out)?.[1] ?? 'NaN'), p50: pct('50'), p90: pct('90'), p99: pct('99'), failed: non2xx };
}

function toMs(value: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(value);
  if (!m) return Number.NaN;
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 's' ? n * 1000 : n;
}

async function main(): Promise<void> {
  ensureTool('h2load', 'nghttp2-client');
  ensureTool('wrk', 'wrk');
  const dbName = `hotel_tools_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const server = await startMainProcess({ DATABASE_URL: url.toString(), SEED_DEMO: 'always', RATE_LIMIT_PER_SECOND: '0' }, { retainLines: 100 });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hotel-bench-'));
  try {
    const search = { city: 'Paris', checkIn: day(30), checkOut: day(32), guests: 2 };
    const searchBinary = toBinary(SearchAvailabilityRequestSchema, create(SearchAvailabilityRequestSchema, { location: { case: 'city', value: search.city }, checkIn: search.checkIn, checkOut: search.checkOut, guests: search.guests }));
    const healthBinary = toBinary(HealthCheckRequestSchema, create(HealthCheckRequestSchema, {}));
    const probe = await fetch(`${server.url}/hotel.v1.SearchService/SearchAvailability`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` }, body: JSON.stringify(search) });
    const found = ((await probe.json()) as { hotels?: unknown[] }).hotels?.length ?? 0;
    if (probe.status !== 200 || found === 0) throw new Error(`the search used for the load finds nothing (HTTP ${probe.status})`);
    console.log(`standard tools: ${SECONDS} s per run, ${CLIENTS} connections; SearchAvailability finds ${found} hotels in Paris`);

    const runs = {
      grpcSearch: h2load(server.url, server.token, '/hotel.v1.SearchService/SearchAvailability', grpcFrame(searchBinary), dir),
      grpcHealth: h2load(server.url, server.token, '/grpc.health.v1.Health/Check', grpcFrame(healthBinary), dir),
      connectSearch: wrk(server.url, server.token, '/hotel.v1.SearchService/SearchAvailability', JSON.stringify(search), dir),
      connectHealth: wrk(server.url, server.token, '/grpc.health.v1.Health/Check', '{}', dir),
    };
    console.log('| tool | protocol | rpc | req/s | mean ms | p50 ms | p90 ms | p99 ms | failed |');
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    const row = (tool: string, proto: string, rpc: string, r: ToolRun) =>
      console.log(`| ${tool} | ${proto} | ${rpc} | ${r.perSecond.toFixed(0)} | ${r.meanMs.toFixed(1)} | ${r.p50?.toFixed(1) ?? '-'} | ${r.p90?.toFixed(1) ?? '-'} | ${r.p99?.toFixed(1) ?? '-'} | ${r.failed} |`);
    row('h2load', 'gRPC (h2c)', 'SearchAvailability', runs.grpcSearch);
    row('h2load', 'gRPC (h2c)', 'Health/Check', runs.grpcHealth);
    row('wrk', 'Connect JSON (HTTP/1.1)', 'SearchAvailability', runs.connectSearch);
    row('wrk', 'Connect JSON (HTTP/1.1)', 'Health/Check', runs.connectHealth);
    const grpcRatio = runs.grpcSearch.perSecond / runs.grpcHealth.perSecond;
    const connectRatio = runs.connectSearch.perSecond / runs.connectHealth.perSecond;
    console.log(`search / health: gRPC ${grpcRatio.toFixed(2)}, Connect JSON ${connectRatio.toFixed(2)}; machine: ${machine()}; tools and server share the cores`);
    const result: BenchResult = {
      name: 'standard-tools',
      summary: `h2load (gRPC, h2c) and wrk (Connect JSON, HTTP/1.1), ${CLIENTS} connections, ${SECONDS} s per run, against src/main.ts with the demo data`,
      figures: [
        { label: 'h2load SearchAvailability', value: runs.grpcSearch.perSecond, unit: 'req/s' },
        { label: 'h2load Health/Check', value: runs.grpcHealth.perSecond, unit: 'req/s' },
        { label: 'wrk SearchAvailability', value: runs.connectSearch.perSecond, unit: 'req/s' },
        { label: 'wrk Health/Check', value: runs.connectHealth.perSecond, unit: 'req/s' },
      ],
      ratios: [
        { label: 'search / health, gRPC via h2load', value: grpcRatio, target: 0.5 },
        { label: 'search / health, Connect JSON via wrk', value: connectRatio, target: 0.5 },
      ],
      latencies: [
        { label: 'wrk SearchAvailability', p50: runs.connectSearch.p50 ?? Number.NaN, p90: runs.connectSearch.p90 ?? Number.NaN, p99: runs.connectSearch.p99 ?? Number.NaN },
        { label: 'wrk Health/Check', p50: runs.connectHealth.p50 ?? Number.NaN, p90: runs.connectHealth.p90 ?? Number.NaN, p99: runs.connectHealth.p99 ?? Number.NaN },
      ],
      notes: [
        `h2load reports mean latency only: SearchAvailability ${runs.grpcSearch.meanMs.toFixed(1)} ms, Health/Check ${runs.grpcHealth.meanMs.toFixed(1)} ms; h2load cannot read gRPC trailers, so the search was checked once before the run`,
        `failed or non-2xx: ${Object.entries(runs).map(([k, r]) => `${k} ${r.failed}`).join(', ')}`,
      ],
    };
    writeBenchResult(result);
  } finally {
    server.child.kill('SIGTERM');
    await server.exited();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

await main();
