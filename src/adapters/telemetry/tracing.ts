import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type Sampler,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';

export interface TracingOptions {
  /** `service.name` unless OTEL_SERVICE_NAME says otherwise. */
  readonly serviceName: string;
  readonly serviceVersion?: string;
  /** The standard OTEL_* variables; default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Extra processors (tests pass a SimpleSpanProcessor over an InMemorySpanExporter). */
  readonly spanProcessors?: readonly SpanProcessor[];
}

export interface Tracing {
  /** Whether spans leave the process through OTLP. */
  readonly exporting: boolean;
  forceFlush(): Promise<void>;
  /** Flushes and unregisters the global tracer provider, context manager and propagator. */
  shutdown(): Promise<void>;
}

/**
 * Registers the global OpenTelemetry tracer provider, the AsyncLocalStorage context manager (so the
 * active span follows `await`) and the W3C trace-context propagator. Adapters only use
 * `@opentelemetry/api`; without this call their spans are no-ops.
 *
 * Spans are exported over OTLP (http/protobuf; the exporter reads OTEL_EXPORTER_OTLP_ENDPOINT,
 * _HEADERS, _TIMEOUT...) only when OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
 * is set, or OTEL_TRACES_EXPORTER=otlp; OTEL_TRACES_EXPORTER=none or OTEL_SDK_DISABLED=true turn it
 * off. Without an exporter the context still propagates, so log lines carry trace ids.
 * OTEL_TRACES_SAMPLER (always_on, always_off, traceidratio, parentbased_*; default
 * parentbased_always_on) with OTEL_TRACES_SAMPLER_ARG (the ratio) picks what is recorded.
 */
export function startTracing(options: TracingOptions): Tracing {
  const env = options.env ?? process.env;
  const processors: SpanProcessor[] = [...(options.spanProcessors ?? [])];
  const exporting = otlpWanted(env);
  if (exporting) processors.push(new BatchSpanProcessor({ exporter: new OTLPTraceExporter() }));
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': nonEmpty(env['OTEL_SERVICE_NAME']) ?? options.serviceName,
      ...(options.serviceVersion ? { 'service.version': options.serviceVersion } : {}),
      ...parseResourceAttributes(env['OTEL_RESOURCE_ATTRIBUTES']),
    }),
    spanProcessors: processors,
    sampler: samplerFrom(env),
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
  trace.setGlobalTracerProvider(provider);
  return {
    exporting,
    forceFlush: () => provider.forceFlush(),
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}

export function otlpWanted(env: NodeJS.ProcessEnv): boolean {
  if (nonEmpty(env['OTEL_SDK_DISABLED'])?.toLowerCase() === 'true') return false;
  const exporters = (nonEmpty(env['OTEL_TRACES_EXPORTER']) ?? '').split(',').map((s) => s.trim().toLowerCase());
  if (exporters.includes('none')) return false;
  if (exporters.includes('otlp')) return true;
  return nonEmpty(env['OTEL_EXPORTER_OTLP_ENDPOINT']) !== undefined || nonEmpty(env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']) !== undefined;
}

/** The sampler OTEL_TRACES_SAMPLER names; an unknown name falls back to the default. */
export function samplerFrom(env: NodeJS.ProcessEnv): Sampler {
  const name = nonEmpty(env['OTEL_TRACES_SAMPLER'])?.toLowerCase() ?? 'parentbased_always_on';
  const ratio = Number(nonEmpty(env['OTEL_TRACES_SAMPLER_ARG']) ?? '1');
  const root = (kind: string): Sampler =>
    kind === 'always_off' ? new AlwaysOffSampler()
    : kind === 'traceidratio' ? new TraceIdRatioBasedSampler(Number.isFinite(ratio) ? Math.min(1, Math.max(0, ratio)) : 1)
    : new AlwaysOnSampler();
  if (name.startsWith('parentbased_')) return new ParentBasedSampler({ root: root(name.slice('parentbased_'.length)) });
  return root(name);
}

function parseResourceAttributes(raw: string | undefined): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const pair of (raw ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    attributes[decodeURIComponent(pair.slice(0, at).trim())] = decodeURIComponent(pair.slice(at + 1).trim());
  }
  return attributes;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
