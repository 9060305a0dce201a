import { context, propagation, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { DomainEvent } from '../../core/events/domain-event.js';
import type { TraceContext } from './event-message.mapper.js';

const tracer = () => trace.getTracer('hotel.messaging');

/**
 * Runs `send` inside a PRODUCER span `<destination> publish` (child of the active span: the outbox
 * relay's, which continues the booking's trace) and gives it the W3C context to put in the
 * message headers, so the consumer continues the same trace. The span ends when `send` settles
 * (for RabbitMQ: the publisher confirm).
 */
export function tracePublish<T>(
  destination: string,
  event: DomainEvent,
  send: (trace: TraceContext | undefined) => Promise<T>,
  system = 'rabbitmq',
): Promise<T> {
  const span = tracer().startSpan(`${destination} publish`, {
    kind: SpanKind.PRODUCER,
    attributes: {
      'messaging.system': system,
      'messaging.operation.type': 'send',
      'messaging.destination.name': destination,
      'messaging.rabbitmq.destination.routing_key': event.type,
      'messaging.message.id': event.id,
      // Searchable in the trace store: the reservation a support request names.
      'hotel.aggregate_id': event.aggregateId,
      'hotel.hotel_id': event.hotelId,
    },
  });
  const active = trace.setSpan(context.active(), span);
  const carrier: Record<string, string> = {};
  propagation.inject(active, carrier);
  const traceparent = carrier['traceparent'];
  const traceContext =
    traceparent === undefined ? undefined : carrier['tracestate'] !== undefined ? { traceparent, tracestate: carrier['tracestate'] } : { traceparent };
  return settle(span, context.with(active, () => send(traceContext)));
}

/**
 * Runs a consumer's handler inside a CONSUMER span `<consumer> process`, child of the context the
 * message carries in its headers (the producer span), so it joins the publisher's trace.
 */
export function traceDelivery<T>(
  consumer: string,
  headers: Readonly<Record<string, unknown>> | undefined,
  event: DomainEvent,
  attempt: number,
  handle: () => Promise<T>,
  system = 'rabbitmq',
): Promise<T> {
  const carrier: Record<string, string> = {};
  for (const key of ['traceparent', 'tracestate']) {
    const value = headers?.[key];
    if (typeof value === 'string') carrier[key] = value;
  }
  const parent = propagation.extract(context.active(), carrier);
  const span = tracer().startSpan(
    `${consumer} process`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': system,
        'messaging.operation.type': 'process',
        'messaging.consumer.group.name': consumer,
        'messaging.message.id': event.id,
        'hotel.event_type': event.type,
        'hotel.attempt': attempt,
      },
    },
    parent,
  );
  return settle(span, context.with(trace.setSpan(parent, span), handle));
}

function settle<T>(span: Span, work: Promise<T>): Promise<T> {
  return work.then(
    (value) => {
      span.end();
      return value;
    },
    (error: unknown) => {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      if (error instanceof Error) span.recordException(error);
      span.end();
      throw error;
    },
  );
}
