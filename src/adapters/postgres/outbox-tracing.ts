import { context, propagation, SpanKind, SpanStatusCode, trace, type Context } from '@opentelemetry/api';
import type { DomainEvent } from '../../core/events/domain-event.js';

/** A propagation carrier as stored in `outbox.trace_context` (W3C `traceparent`, `tracestate`). */
export type TraceCarrier = Record<string, string>;

/** The active trace context as a carrier, or null when nothing is being traced. */
export function currentTraceCarrier(): TraceCarrier | null {
  const carrier: TraceCarrier = {};
  propagation.inject(context.active(), carrier);
  return Object.keys(carrier).length > 0 ? carrier : null;
}

/**
 * Hands claimed events to `publish` grouped by the trace they were appended in, each group inside
 * an `outbox relay` span that continues that trace (and links to the relay's own context), so the
 * broker publish and everything downstream join the booking's trace. Events without a stored
 * context publish in one group under the current context. Groups are handed over concurrently, in
 * claim order; the relay still marks all of them sent only if every group's publish resolved.
 */
export async function publishInTraces(
  rows: readonly { readonly event: DomainEvent; readonly carrier: TraceCarrier | null }[],
  publish: (events: readonly DomainEvent[]) => Promise<void>,
): Promise<void> {
  const groups = new Map<string, { carrier: TraceCarrier | null; events: DomainEvent[] }>();
  for (const { event, carrier } of rows) {
    const key = carrier?.['traceparent'] ?? '';
    const group = groups.get(key) ?? { carrier: key === '' ? null : carrier, events: [] };
    group.events.push(event);
    groups.set(key, group);
  }
  const relayContext = context.active();
  const relaySpan = trace.getSpan(relayContext)?.spanContext();
  const tracer = trace.getTracer('hotel.postgres');
  await Promise.all(
    [...groups.values()].map(({ carrier, events }) => {
      if (!carrier) return publish(events);
      const parent: Context = propagation.extract(relayContext, carrier);
      const span = tracer.startSpan(
        'outbox relay',
        {
          kind: SpanKind.INTERNAL,
          attributes: { 'messaging.batch.message_count': events.length, 'hotel.event_ids': events.map((e) => e.id) },
          ...(relaySpan ? { links: [{ context: relaySpan }] } : {}),
        },
        parent,
      );
      return context.with(trace.setSpan(parent, span), () => publish(events)).then(
        () => span.end(),
        (error: unknown) => {
          span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
          span.end();
          throw error;
        },
      );
    }),
  );
}
