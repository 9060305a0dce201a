import { SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { afterAll, describe, expect, it } from 'vitest';
import { InProcessEventBus } from '../../../src/adapters/messaging/in-process-event-bus.js';
import { startTracing } from '../../../src/adapters/telemetry/tracing.js';
import type { DomainEvent } from '../../../src/core/events/domain-event.js';

// The embedded default (no broker) carries the trace like RabbitMQ does: same headers, same spans.

const exporter = new InMemorySpanExporter();
const tracing = startTracing({ serviceName: 'bus-test', env: {}, spanProcessors: [new SimpleSpanProcessor({ exporter })] });
afterAll(() => tracing.shutdown());

const event: DomainEvent = {
  id: 'evt-1',
  type: 'reservation.confirmed',
  occurredAt: new Date('2030-01-01T00:00:00Z'),
  hotelId: 'h1',
  aggregateId: 'r1',
  payload: { reservationId: 'r1', hotelId: 'h1', roomTypeId: 'rt', checkIn: '2030-02-01', checkOut: '2030-02-02', guests: 1, guestName: 'G', guestEmail: 'g@example.org', status: 'CONFIRMED', totalPriceMinor: 100, currency: 'EUR' },
};

describe('the in-process bus', () => {
  it('delivers each event inside a consumer span that continues the publisher’s trace, on every attempt', async () => {
    const bus = new InProcessEventBus({ retryDelayMs: 1 });
    const handlerTraces: (string | undefined)[] = [];
    let calls = 0;
    await bus.subscribe('mailer', ['reservation.confirmed'], async () => {
      handlerTraces.push(trace.getActiveSpan()?.spanContext().traceId);
      if (++calls === 1) throw new Error('first attempt fails');
    });
    const origin = await trace.getTracer('t').startActiveSpan('booking', async (span) => {
      await bus.publish([event]);
      span.end();
      return span;
    });
    await bus.idle();
    await bus.close();

    const traceId = origin.spanContext().traceId;
    expect(handlerTraces).toEqual([traceId, traceId]);
    const spans = exporter.getFinishedSpans();
    const publish = spans.find((s) => s.name === 'in-process publish')!;
    expect(publish.kind).toBe(SpanKind.PRODUCER);
    expect(publish.parentSpanContext?.spanId).toBe(origin.spanContext().spanId);
    const deliveries = spans.filter((s) => s.name === 'mailer process');
    expect(deliveries.map((d) => [d.parentSpanContext?.spanId, d.attributes['hotel.attempt'], d.status.code])).toEqual([
      [publish.spanContext().spanId, 1, 2], // ERROR
      [publish.spanContext().spanId, 2, 0],
    ]);
  });
});
