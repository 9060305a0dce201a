import { Code, ConnectError, createClient, createRouterTransport, type ConnectRouter } from '@connectrpc/connect';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ServiceMetrics } from '../../../src/adapters/telemetry/metrics.js';
import { rpcAccessLogInterceptor } from '../../../src/adapters/telemetry/rpc-access-log-interceptor.js';
import { rpcMetricsInterceptor } from '../../../src/adapters/telemetry/rpc-metrics-interceptor.js';
import { rpcTracingInterceptor } from '../../../src/adapters/telemetry/rpc-tracing-interceptor.js';
import { startTracing } from '../../../src/adapters/telemetry/tracing.js';
import { ErrorInfoSchema } from '../../../src/gen/google/rpc/error_details_pb.js';
import { Health, HealthCheckResponse_ServingStatus as Status } from '../../../src/gen/grpc/health/v1/health_pb.js';
import { find, parseSamples } from './prometheus-text.js';

// The three interceptors around a small real service (grpc.health.v1 with a scripted implementation),
// in-process through Connect's router transport.

const exporter = new InMemorySpanExporter();
const tracing = startTracing({ serviceName: 'interceptor-test', env: {}, spanProcessors: [new SimpleSpanProcessor({ exporter })] });
afterAll(() => tracing.shutdown());

const logLines: { level: string; fields: Record<string, unknown> }[] = [];
const accessLog = {
  info: (fields: Record<string, unknown>) => logLines.push({ level: 'info', fields }),
  warn: (fields: Record<string, unknown>) => logLines.push({ level: 'warn', fields }),
};

const routes = (router: ConnectRouter) =>
  router.service(Health, {
    check(req) {
      if (req.service === 'sold-out')
        throw new ConnectError('no room', Code.FailedPrecondition, undefined, [
          { desc: ErrorInfoSchema, value: { reason: 'NO_AVAILABILITY', domain: 'hotel.v1', metadata: {} } },
        ]);
      if (req.service === 'bug') throw new ConnectError('internal error', Code.Internal);
      return { status: Status.SERVING };
    },
    list: () => ({ statuses: {} }),
    async *watch(req) {
      yield { status: Status.SERVING };
      if (req.service === 'broken-stream') throw new ConnectError('gone', Code.Unavailable);
      yield { status: Status.NOT_SERVING };
    },
  });

const client = createClient(
  Health,
  createRouterTransport(routes, {
    router: { interceptors: [rpcTracingInterceptor(), rpcAccessLogInterceptor(accessLog)] },
  }),
);

beforeEach(() => {
  exporter.reset();
  logLines.length = 0;
});

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';

describe('the tracing interceptor', () => {
  it('continues the caller’s trace from the traceparent header, and answers its trace id', async () => {
    let answered: string | null = null;
    await client.check({ service: '' }, { headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` }, onHeader: (h) => (answered = h.get('x-trace-id')) });
    expect(answered).toBe(TRACE_ID);
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('grpc.health.v1.Health/Check');
    expect(span?.kind).toBe(SpanKind.SERVER);
    expect(span?.spanContext().traceId).toBe(TRACE_ID);
    expect(span?.parentSpanContext?.spanId).toBe(PARENT_ID);
    expect(span?.attributes['rpc.grpc.status_code']).toBe(0);
  });

  it('starts a new trace without one, marks server faults as errors and rejections not', async () => {
    await expect(client.check({ service: 'sold-out' })).rejects.toThrow('no room');
    await expect(client.check({ service: 'bug' })).rejects.toThrow('internal error');
    const [rejected, fault] = exporter.getFinishedSpans();
    expect(rejected?.parentSpanContext).toBeUndefined();
    expect(rejected?.status.code).toBe(SpanStatusCode.UNSET);
    expect(rejected?.attributes).toMatchObject({ 'rpc.grpc.status_code': Code.FailedPrecondition, 'error.type': 'NO_AVAILABILITY' });
    expect(fault?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'INTERNAL' });
  });

  it('ends a streaming call’s span when the stream ends, with the stream’s status', async () => {
    const received: Status[] = [];
    for await (const res of client.watch({ service: 'x' })) received.push(res.status);
    expect(received).toEqual([Status.SERVING, Status.NOT_SERVING]);
    await expect(async () => {
      for await (const _ of client.watch({ service: 'broken-stream' })) void _;
    }).rejects.toThrow('gone');
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.attributes['rpc.grpc.status_code'])).toEqual([0, Code.Unavailable]);
  });
});

describe('the metrics interceptor', () => {
  it('times calls by method and status, and counts rejections and bookings by reason', async () => {
    const metrics = new ServiceMetrics({ defaultMetrics: false });
    const interceptors = [rpcMetricsInterceptor(metrics, { bookingProcedures: ['grpc.health.v1.Health/Check'] })];
    const client = createClient(Health, createRouterTransport(routes, { router: { interceptors } }));
    await client.check({ service: '' });
    await client.check({ service: 'sold-out' }).catch(() => undefined);
    await client.check({ service: 'bug' }).catch(() => undefined);
    const samples = parseSamples(await metrics.scrape());
    const check = { service: 'grpc.health.v1.Health', method: 'Check' };
    expect(find(samples, 'hotel_rpc_server_duration_seconds_count', { ...check, code: 'OK' })[0]?.value).toBe(1);
    expect(find(samples, 'hotel_rpc_server_duration_seconds_count', { ...check, code: 'FAILED_PRECONDITION' })[0]?.value).toBe(1);
    expect(find(samples, 'hotel_rpc_rejections_total', { ...check, code: 'FAILED_PRECONDITION', reason: 'NO_AVAILABILITY' })[0]?.value).toBe(1);
    expect(find(samples, 'hotel_rpc_rejections_total', { ...check, code: 'INTERNAL', reason: 'INTERNAL' })[0]?.value).toBe(1);
    expect(find(samples, 'hotel_bookings_total', { outcome: 'confirmed' })[0]?.value).toBe(1);
    expect(find(samples, 'hotel_bookings_total', { outcome: 'rejected', reason: 'NO_AVAILABILITY' })[0]?.value).toBe(1);
    expect(find(samples, 'process_cpu_seconds_total')).toEqual([]); // defaultMetrics: false
  });
});

describe('the access log', () => {
  it('writes one line per call with status and reason, server faults at warn, never the messages', async () => {
    await client.check({ service: 'secret-guest@example.org' });
    await client.check({ service: 'sold-out' }).catch(() => undefined);
    await client.check({ service: 'bug' }).catch(() => undefined);
    expect(logLines.map((l) => [l.level, l.fields['rpc_method'], l.fields['code'], l.fields['reason']])).toEqual([
      ['info', 'Check', 'OK', undefined],
      ['info', 'Check', 'FAILED_PRECONDITION', 'NO_AVAILABILITY'],
      ['warn', 'Check', 'INTERNAL', undefined],
    ]);
    expect(JSON.stringify(logLines)).not.toContain('secret-guest');
    expect(logLines.every((l) => typeof l.fields['duration_ms'] === 'number')).toBe(true);
  });
});
