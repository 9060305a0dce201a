import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, callError, grpcClients } from '../../support/grpc-client.js';
import { startMainProcess, type MainProcess } from '../../support/main-process.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';

// `npm start` as a real process (src/main.ts): the OTEL_* variables switch the OTLP exporter on,
// spans reach a collector (a fake one here, that records what it is sent), stdout is JSON with
// trace ids, and SIGTERM flushes the spans before the process exits.

let database: TestDatabase;
let collector: http.Server;
const exports: { path: string; contentType: string; body: Buffer }[] = [];
let main: MainProcess;

beforeAll(async () => {
  database = await createTestDatabase();
  collector = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      exports.push({ path: req.url ?? '', contentType: req.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  main = await startMainProcess({
    DATABASE_URL: database.url,
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_SERVICE_NAME: 'hotel-main-test',
    OTEL_BSP_SCHEDULE_DELAY: '60000', // nothing leaves before shutdown: the flush on SIGTERM is what is tested
  });
}, 60_000);

afterAll(async () => {
  main?.kill();
  await new Promise((resolve) => collector?.close(resolve));
  await database?.drop();
});

describe('src/main.ts', () => {
  it('exports the spans over OTLP when configured, flushing them on SIGTERM, and logs JSON with trace ids', async () => {
    const clients = grpcClients(main.url, main.token);
    try {
      await callError(clients.booking, 'getReservation', { reservationId: 'nope' });
      await call(clients.search, 'searchAvailability', { city: 'Nowhere', checkIn: day(30), checkOut: day(31), guests: 1 });
    } finally {
      clients.close();
    }
    expect((await fetch(`${main.ops}/readyz`)).status).toBe(200);
    expect(exports).toEqual([]); // batched, not yet sent

    main.child.kill('SIGTERM');
    expect(await main.exited()).toBe(0);

    const traces = exports.filter((e) => e.path === '/v1/traces');
    expect(traces.length).toBeGreaterThanOrEqual(1);
    expect(traces[0]!.contentType).toBe('application/x-protobuf');
    const sent = Buffer.concat(traces.map((t) => t.body)).toString('latin1');
    for (const text of ['hotel-main-test', 'hotel.v1.BookingService/GetReservation', 'hotel.v1.SearchService/SearchAvailability']) expect(sent).toContain(text);

    const rpcLines = main.logLines().filter((l) => l['msg'] === 'rpc');
    expect(rpcLines.map((l) => [l['rpc_method'], l['code']])).toEqual([
      ['GetReservation', 'NOT_FOUND'],
      ['SearchAvailability', 'OK'],
    ]);
    for (const line of rpcLines) expect(sent).toContain(Buffer.from(line['trace_id'] as string, 'hex').toString('latin1'));
  });
});

function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}
