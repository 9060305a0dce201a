import { context, propagation, SpanKind, SpanStatusCode, trace, type TextMapGetter, type Tracer } from '@opentelemetry/api';
import type { Interceptor } from '@connectrpc/connect';
import { observeCall } from './rpc-outcome.js';

const headerGetter: TextMapGetter<Headers> = {
  keys: (carrier) => [...carrier.keys()],
  get: (carrier, key) => carrier.get(key) ?? undefined,
};

/**
 * A SERVER span per call (node:http2 is not auto-instrumented), child of the caller's
 * `traceparent` header when there is one, and active while the handler runs, so the database and
 * outbox spans below it join the trace. Server errors (INTERNAL, UNAVAILABLE...) mark the span as
 * failed; expected rejections (NOT_FOUND, FAILED_PRECONDITION...) only set the status code.
 * Put it first: the log lines of the interceptors after it carry its trace id. Unary responses
 * carry the trace id in `x-trace-id`, so a caller can quote it to support.
 */
export function rpcTracingInterceptor(tracer: Tracer = trace.getTracer('hotel.rpc')): Interceptor {
  return (next) => (req) => {
    const parent = propagation.extract(context.active(), req.header, headerGetter);
    const span = tracer.startSpan(
      `${req.service.typeName}/${req.method.name}`,
      {
        kind: SpanKind.SERVER,
        attributes: { 'rpc.system': 'grpc', 'rpc.service': req.service.typeName, 'rpc.method': req.method.name },
      },
      parent,
    );
    return context.with(trace.setSpan(parent, span), () =>
      observeCall(
        async () => {
          const res = await next(req);
          if (span.isRecording()) res.header.set('x-trace-id', span.spanContext().traceId);
          return res;
        },
        (outcome) => {
          span.setAttribute('rpc.grpc.status_code', outcome.code);
          if (outcome.reason) span.setAttribute('error.type', outcome.reason);
          if (isServerFault(outcome.code)) {
            span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.status });
            if (outcome.error) span.recordException(outcome.error);
          }
          span.end();
        },
      ),
    );
  };
}

/** Per the OpenTelemetry gRPC conventions, a server span is in error for these codes only. */
function isServerFault(code: number): boolean {
  // UNKNOWN, DEADLINE_EXCEEDED, UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS
  return [2, 4, 12, 13, 14, 15].includes(code);
}
