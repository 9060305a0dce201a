import { toBinary, type DescExtension, type DescFile, type DescService, type MessageInitShape } from '@bufbuild/protobuf';
import { nestedTypes } from '@bufbuild/protobuf/reflect';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import { Code, type ConnectRouter } from '@connectrpc/connect';
import { file_google_rpc_error_details } from '../../gen/google/rpc/error_details_pb.js';
import {
  ServerReflection,
  type ServerReflectionRequest,
  type ServerReflectionResponseSchema,
} from '../../gen/grpc/reflection/v1/reflection_pb.js';

type Answer = NonNullable<MessageInitShape<typeof ServerReflectionResponseSchema>['messageResponse']>;

/** What reflection knows: every service on the router and every file they need, by name. */
interface ReflectionIndex {
  readonly services: readonly string[];
  readonly files: ReadonlyMap<string, DescFile>;
  /** Fully-qualified name of a message, field, oneof, enum, enum value, service, method or extension -> its file. */
  readonly symbols: ReadonlyMap<string, DescFile>;
  /** Extendee type name -> extension number -> extension. */
  readonly extensions: ReadonlyMap<string, ReadonlyMap<number, DescExtension>>;
}

export interface ReflectionOptions {
  /** Services served outside this router, to list too. */
  readonly services?: readonly DescService[];
  /**
   * Files to describe although no service imports them, e.g. types sent in error details or Any.
   * Default: google/rpc/error_details.proto, whose messages our errors carry.
   */
  readonly files?: readonly DescFile[];
}

/**
 * Registers grpc.reflection.v1.ServerReflection on the router. The services it lists are read from
 * the router itself at request time (so registration order does not matter, and it lists itself);
 * the index is rebuilt only when the router has gained handlers.
 */
export function registerReflection(router: ConnectRouter, options: ReflectionOptions = {}): ConnectRouter {
  const { services: extraServices = [], files = [file_google_rpc_error_details] } = options;
  let cached: { handlers: number; index: ReflectionIndex } | undefined;
  const index = (): ReflectionIndex => {
    if (cached?.handlers !== router.handlers.length) {
      const services = [...router.handlers.map((h) => h.service), ...extraServices];
      cached = { handlers: router.handlers.length, index: buildIndex(services, files) };
    }
    return cached.index;
  };
  return router.service(ServerReflection, {
    async *serverReflectionInfo(requests) {
      for await (const request of requests) {
        yield { validHost: request.host, originalRequest: request, messageResponse: answer(index(), request) };
      }
    },
  });
}

function answer(index: ReflectionIndex, request: ServerReflectionRequest): Answer {
  const req = request.messageRequest;
  switch (req.case) {
    case 'listServices':
      return { case: 'listServicesResponse', value: { service: index.services.map((name) => ({ name })) } };
    case 'fileByFilename':
      return fileAnswer(index.files.get(req.value), `file ${req.value}`);
    case 'fileContainingSymbol':
      return fileAnswer(index.symbols.get(req.value.replace(/^\./, '')), `symbol ${req.value}`);
    case 'fileContainingExtension': {
      const { containingType, extensionNumber } = req.value;
      const extension = index.extensions.get(containingType)?.get(extensionNumber);
      return fileAnswer(extension?.file, `extension ${extensionNumber} of ${containingType}`);
    }
    case 'allExtensionNumbersOfType': {
      if (!index.symbols.has(req.value)) return notFound(`type ${req.value}`);
      const numbers = [...(index.extensions.get(req.value)?.keys() ?? [])].sort((a, b) => a - b);
      return { case: 'allExtensionNumbersResponse', value: { baseTypeName: req.value, extensionNumber: numbers } };
    }
    case undefined:
      return { case: 'errorResponse', value: { errorCode: Code.InvalidArgument, errorMessage: 'empty reflection request' } };
  }
}

/** The file first, then all of its transitive dependencies, each once. */
function fileAnswer(file: DescFile | undefined, what: string): Answer {
  if (file === undefined) return notFound(what);
  const files = new Set<DescFile>();
  const visit = (f: DescFile): void => {
    if (files.has(f)) return;
    files.add(f);
    f.dependencies.forEach(visit);
  };
  visit(file);
  return { case: 'fileDescriptorResponse', value: { fileDescriptorProto: [...files].map(encodeFile) } };
}

const encoded = new WeakMap<DescFile, Uint8Array>();
function encodeFile(file: DescFile): Uint8Array {
  let bytes = encoded.get(file);
  if (bytes === undefined) encoded.set(file, (bytes = toBinary(FileDescriptorProtoSchema, file.proto)));
  return bytes;
}

function notFound(what: string): Answer {
  return { case: 'errorResponse', value: { errorCode: Code.NotFound, errorMessage: `${what} not found` } };
}

function buildIndex(services: readonly DescService[], extraFiles: readonly DescFile[]): ReflectionIndex {
  const files = new Map<string, DescFile>();
  const symbols = new Map<string, DescFile>();
  const extensions = new Map<string, Map<number, DescExtension>>();
  const addFile = (file: DescFile): void => {
    if (files.has(file.proto.name)) return;
    files.set(file.proto.name, file);
    file.dependencies.forEach(addFile);
    for (const desc of nestedTypes(file)) {
      symbols.set(desc.typeName, file);
      const scope = desc.typeName.slice(0, desc.typeName.length - desc.name.length);
      switch (desc.kind) {
        case 'message':
          for (const member of [...desc.fields, ...desc.oneofs]) symbols.set(`${desc.typeName}.${member.name}`, file);
          break;
        case 'enum': // enum values are siblings of their enum (C++ scoping)
          for (const value of desc.values) symbols.set(scope + value.name, file);
          break;
        case 'service':
          for (const method of desc.methods) symbols.set(`${desc.typeName}.${method.name}`, file);
          break;
        case 'extension': {
          const byNumber = extensions.get(desc.extendee.typeName) ?? new Map<number, DescExtension>();
          extensions.set(desc.extendee.typeName, byNumber.set(desc.number, desc));
        }
      }
    }
  };
  services.forEach((service) => addFile(service.file));
  extraFiles.forEach(addFile);
  const names = [...new Set(services.map((s) => s.typeName))].sort();
  return { services: names, files, symbols, extensions };
}
