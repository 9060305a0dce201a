import type { Interceptor } from '@connectrpc/connect';
import type { ServiceMetrics } from './metrics.js';
import { observeCall } from './rpc-outcome.js';

export interface RpcMetricsOptions {
  /** Procedures (`<service>/<method>`) whose outcomes are bookings. */
  readonly bookingProcedures?: readonly string[];
}

/**
 * Counts and times every call by service, method and final gRPC status; failures also by reason.
 * Place it outside the errors interceptor, which turns unexpected exceptions into statuses.
 */
export function rpcMetricsInterceptor(metrics: ServiceMetrics, options: RpcMetricsOptions = {}): Interceptor {
  const bookings = new Set(options.bookingProcedures ?? ['hotel.v1.BookingService/CreateReservation']);
  return (next) => (req) => {
    const started = process.hrtime.bigint();
    const service = req.service.typeName;
    const method = req.method.name;
    const isBooking = bookings.has(`${service}/${method}`);
    return observeCall(
      () => next(req),
      (outcome) => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        metrics.rpcDuration.observe({ service, method, code: outcome.status }, seconds);
        if (outcome.code !== 0) metrics.rpcRejections.inc({ service, method, code: outcome.status, reason: outcome.reason ?? outcome.status });
        if (isBooking) {
          metrics.bookings.inc(outcome.code === 0 ? { outcome: 'confirmed', reason: '' } : { outcome: 'rejected', reason: outcome.reason ?? outcome.status });
        }
      },
    );
  };
}
