import { toConnectError } from './domain-errors.js';
import type { DomainError } from '../../core/shared/errors.js';
import type { Result } from '../../core/shared/result.js';

/** A handler's value, or the domain error thrown as its gRPC status. */
export function unwrap<T>(result: Result<T, DomainError>): T {
  if (!result.ok) throw toConnectError(result.error);
  return result.value;
}
