import { Migration } from '@mikro-orm/migrations';

/**
 * The trace context (W3C `traceparent`/`tracestate`, as a propagation carrier) of the transaction
 * that appended each event, so the relay publishes it in the same trace: one booking reads as one
 * trace from the RPC through the broker to the consumer. Null for events written before tracing.
 */
export class M0003OutboxTraceContext extends Migration {
  override up(): void {
    this.addSql('alter table outbox add column trace_context jsonb');
  }

  override down(): void {
    this.addSql('alter table outbox drop column trace_context');
  }
}
