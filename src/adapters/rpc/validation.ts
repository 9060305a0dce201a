import { createValidator } from '@bufbuild/protovalidate';
import type { DescMessage, Message } from '@bufbuild/protobuf';
import { pathToString, reflect, type ReflectMessage } from '@bufbuild/protobuf/reflect';
import { Code, ConnectError, type Interceptor } from '@connectrpc/connect';
import { invalidArgumentError } from './domain-errors.js';
import { nextWithChecked } from './request-check.js';

/**
 * Checks every request against its protovalidate rules before the handler runs, answering
 * INVALID_ARGUMENT with one google.rpc.BadRequest field violation per broken rule (field paths
 * use proto field names, as clients write them). The core validates again: it is the authority,
 * this is the contract published in the schema. Server-streaming requests are checked as the
 * handler reads them. One rule holds for every string of every request without an annotation:
 * no NUL character (PostgreSQL text cannot hold one; found by the fuzz suite).
 */
export function validationInterceptor(): Interceptor {
  const validator = createValidator();
  const check = (schema: DescMessage, message: Message): void => {
    const result = validator.validate(schema, message);
    if (result.kind === 'invalid') {
      throw invalidArgumentError(result.violations.map((v) => ({ field: pathToString(v.field), description: v.message })));
    }
    if (result.kind === 'error') throw new ConnectError('request could not be validated', Code.Internal, undefined, undefined, result.error);
    const nul = fieldsWithNul(reflect(schema, message), '');
    if (nul.length > 0) throw invalidArgumentError(nul.map((field) => ({ field, description: 'must not contain the NUL character (U+0000)' })));
  };
  return (next) => (req) => nextWithChecked(req, next, (message) => check(req.method.input, message));
}

function fieldsWithNul(message: ReflectMessage, prefix: string): string[] {
  const found: string[] = [];
  const hasNul = (value: unknown) => typeof value === 'string' && value.includes('\u0000');
  for (const field of message.fields) {
    if (!message.isSet(field)) continue;
    const path = `${prefix}${field.name}`;
    switch (field.fieldKind) {
      case 'scalar':
        if (hasNul(message.get(field))) found.push(path);
        break;
      case 'message':
        found.push(...fieldsWithNul(message.get(field), `${path}.`));
        break;
      case 'list': {
        let i = 0;
        for (const item of message.get(field)) {
          if (hasNul(item)) found.push(`${path}[${i}]`);
          else if (field.listKind === 'message') found.push(...fieldsWithNul(item as ReflectMessage, `${path}[${i}].`));
          i++;
        }
        break;
      }
      case 'map':
        for (const [key, value] of message.get(field)) {
          if (hasNul(key) || hasNul(value)) found.push(`${path}[${JSON.stringify(String(key))}]`);
          else if (field.mapKind === 'message') found.push(...fieldsWithNul(value as ReflectMessage, `${path}[${JSON.stringify(String(key))}].`));
        }
        break;
      default:
        break;
    }
  }
  return found;
}
