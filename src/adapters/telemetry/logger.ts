import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import { pino, type DestinationStream, type Logger } from 'pino';

export interface LoggerOptions {
  readonly level: string;
  readonly service: string;
  /** Default stdout. */
  readonly destination?: DestinationStream;
}

/**
 * Personal data that may sit in objects someone logs (a reservation, an event payload, a request
 * message): censored wherever it appears up to four levels deep. The access log never logs
 * messages in the first place; this is the second line of defence.
 */
const PII_KEYS = ['guestName', 'guestEmail', 'guest_name', 'guest_email', 'guestPhone', 'email', 'phone', 'password', 'authorization'];
export const REDACTED_PATHS: readonly string[] = PII_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]);

/**
 * JSON lines (pino) with `trace_id` and `span_id` of the active span, so a log line leads to its
 * trace and back; PII keys are censored.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.service },
      redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
      mixin() {
        const span = trace.getSpan(context.active());
        if (!span) return {};
        const ctx = span.spanContext();
        return isSpanContextValid(ctx) ? { trace_id: ctx.traceId, span_id: ctx.spanId } : {};
      },
    },
    options.destination,
  );
}
