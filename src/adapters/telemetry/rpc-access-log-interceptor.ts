import type { Interceptor } from '@connectrpc/connect';
import { observeCall } from './rpc-outcome.js';

export interface AccessLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/**
 * One line per call: procedure, protocol, final status (and ErrorInfo reason), duration. Never the
 * request or response messages, which hold guest names and emails. Server faults log at warn
 * (their cause is logged by the errors interceptor). Place it after the tracing interceptor so
 * the line carries the call's trace id.
 */
export function rpcAccessLogInterceptor(log: AccessLogger): Interceptor {
  return (next) => (req) => {
    const started = process.hrtime.bigint();
    return observeCall(
      () => next(req),
      (outcome) => {
        const fields: Record<string, unknown> = {
          rpc_service: req.service.typeName,
          rpc_method: req.method.name,
          protocol: protocolOf(req.header.get('content-type')),
          code: outcome.status,
          duration_ms: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
        };
        if (outcome.reason) fields['reason'] = outcome.reason;
        if ([2, 4, 12, 13, 14, 15].includes(outcome.code)) log.warn(fields, 'rpc');
        else log.info(fields, 'rpc');
      },
    );
  };
}

function protocolOf(contentType: string | null): string {
  if (contentType?.startsWith('application/grpc-web')) return 'grpc-web';
  if (contentType?.startsWith('application/grpc')) return 'grpc';
  return 'connect';
}
