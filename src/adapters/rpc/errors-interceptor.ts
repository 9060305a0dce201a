import type { Interceptor } from '@connectrpc/connect';
import { fromThrown } from './domain-errors.js';

export interface ErrorLogger {
  error(fields: Record<string, unknown>, message: string): void;
}

/** Outermost interceptor: nothing leaves a handler except a deliberate status; surprises are logged with their cause and sent as INTERNAL/UNAVAILABLE without it. */
export function errorsInterceptor(log: ErrorLogger): Interceptor {
  return (next) => async (req) => {
    try {
      return await next(req);
    } catch (thrown) {
      const { error, unexpected } = fromThrown(thrown);
      if (unexpected) log.error({ err: thrown, procedure: req.method.name, service: req.service.typeName }, 'rpc failed');
      throw error;
    }
  };
}
