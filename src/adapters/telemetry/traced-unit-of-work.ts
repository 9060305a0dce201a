import { context, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import type { Result } from '../../core/shared/result.js';
import type { TransactionScope, UnitOfWork } from '../../ports/unit-of-work.js';

/**
 * A span per transaction (`unit of work`) around any UnitOfWork: the queries of the transaction
 * are its children, and the outbox rows it appends remember it as the parent of their relay.
 * An expected failure (error result, rolled back) is recorded as `hotel.outcome=rejected`, not as
 * a span error; a throw is an error.
 */
export function tracedUnitOfWork(inner: UnitOfWork, tracer: Tracer = trace.getTracer('hotel.app')): UnitOfWork {
  return {
    run<T, E>(routingId: string, work: (scope: TransactionScope) => Promise<Result<T, E>>): Promise<Result<T, E>> {
      const span = tracer.startSpan('unit of work', { attributes: { 'hotel.routing_id': routingId } });
      return context.with(trace.setSpan(context.active(), span), async () => {
        try {
          const result = await inner.run(routingId, work);
          span.setAttribute('hotel.outcome', result.ok ? 'committed' : 'rejected');
          return result;
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
          if (error instanceof Error) span.recordException(error);
          throw error;
        } finally {
          span.end();
        }
      });
    },
  };
}
