import { createValidator } from '@bufbuild/protovalidate';
import { pathToString } from '@bufbuild/protobuf/reflect';
import { Code, ConnectError, type Interceptor } from '@connectrpc/connect';
import { invalidArgumentError } from './domain-errors.js';

/**
 * Checks every request against its protovalidate rules before the handler runs, answering
 * INVALID_ARGUMENT with one google.rpc.BadRequest field violation per broken rule (field paths
 * use proto field names, as clients write them). The core validates again: it is the authority,
 * this is the contract published in the schema.
 */
export function validationInterceptor(): Interceptor {
  const validator = createValidator();
  return (next) => async (req) => {
    if (!req.stream) {
      const result = validator.validate(req.method.input, req.message);
      if (result.kind === 'invalid') {
        throw invalidArgumentError(result.violations.map((v) => ({ field: pathToString(v.field), description: v.message })));
      }
      if (result.kind === 'error') throw new ConnectError('request could not be validated', Code.Internal, undefined, undefined, result.error);
    }
    return next(req);
  };
}
