import { createContextKey, createContextValues, type ContextValues, type Interceptor } from '@connectrpc/connect';
import type { UniversalServerResponse } from '@connectrpc/connect/protocol';

/**
 * Requests whose bytes cannot be decoded get INVALID_ARGUMENT, not INTERNAL.
 *
 * connect-es answers a request it cannot parse (a protobuf body that is not a message, a gRPC frame
 * flagged compressed without an encoding) with INTERNAL, before any interceptor runs. INTERNAL means
 * "a bug in this server" to our clients, to the error-ratio alert and to on-call; here the client
 * sent garbage, which is what INVALID_ARGUMENT says (connect-go answers the same with
 * invalid_argument). A failure is the framework's decoding one exactly when it happened before the
 * first interceptor saw the call: `markHandlerReached` records that per request, and
 * `reportUndecodableAsInvalidArgument` rewrites only INTERNAL answers to calls that never reached it.
 * An INTERNAL from our own code (after the interceptors) is left alone: that one is a bug.
 */
const REACHED = createContextKey<{ reached: boolean } | undefined>(undefined, { description: 'the call reached the interceptors' });

/** Per-request context values with the "reached the interceptors" marker. */
export function undecodableRequestContext(): ContextValues {
  const values = createContextValues();
  values.set(REACHED, { reached: false });
  return values;
}

/**
 * First interceptor of the chain: the request was decoded and our code runs. A unary request is
 * decoded before the interceptors; a streaming one is decoded while its messages are read, so it
 * counts as reached once its first message has been.
 */
export const markHandlerReached: Interceptor = (next) => (request) => {
  const box = request.contextValues.get(REACHED);
  if (!box) return next(request);
  if (!request.stream) {
    box.reached = true;
    return next(request);
  }
  const messages = request.message;
  return next({
    ...request,
    message: (async function* () {
      for await (const message of messages) {
        box.reached = true;
        yield message;
      }
    })(),
  });
};

// Before our code runs, connect-es answers undecodable input with INTERNAL and a missing request
// message with UNIMPLEMENTED (the method exists: an unknown one never gets this far).
const INTERNAL = '13';
const UNIMPLEMENTED = '12';
const INVALID_ARGUMENT = '3';
const misreported = (status: string | null | undefined) => status === INTERNAL || status === UNIMPLEMENTED;

/** The response, with an INTERNAL answer to a call that never reached our code turned into INVALID_ARGUMENT. */
export async function reportUndecodableAsInvalidArgument(response: UniversalServerResponse, context: ContextValues): Promise<UniversalServerResponse> {
  const box = context.get(REACHED);
  if (!box || box.reached) return response;
  const contentType = response.header?.get('content-type') ?? '';
  if (contentType.startsWith('application/json') && (response.status === 500 || response.status === 501) && response.body) return connectUnary(response);
  const trailer = response.trailer;
  const fixTrailer = () => {
    // A streaming call may reach our code while its body is being sent: its own errors stay as they are.
    if (box.reached) return;
    if (misreported(trailer?.get('grpc-status'))) trailer?.set('grpc-status', INVALID_ARGUMENT);
    if (misreported(response.header?.get('grpc-status'))) response.header?.set('grpc-status', INVALID_ARGUMENT);
  };
  fixTrailer();
  const body = response.body;
  if (!body || !(Symbol.asyncIterator in body)) return response;
  return {
    ...response,
    body: (async function* () {
      for await (const chunk of body) yield box.reached ? chunk : endOfStreamFrame(chunk);
      fixTrailer();
    })(),
  };
}

/** Connect unary error: HTTP 500 with a JSON error body. */
async function connectUnary(response: UniversalServerResponse): Promise<UniversalServerResponse> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  let error: { code?: string; message?: string };
  try {
    error = JSON.parse(text) as typeof error;
  } catch {
    return { ...response, body: (async function* () { yield Buffer.from(text); })() };
  }
  if (error.code !== 'internal' && error.code !== 'unimplemented') return { ...response, body: (async function* () { yield Buffer.from(text); })() };
  const body = Buffer.from(JSON.stringify({ code: 'invalid_argument', message: `malformed request: ${error.message ?? ''}` }));
  response.header?.set('content-length', String(body.byteLength));
  return { ...response, status: 400, body: (async function* () { yield body; })() };
}

/**
 * gRPC-Web trailers (frame flag 0x80, HTTP/1 header text) and Connect end-of-stream messages (flag
 * 0x02, JSON) travel inside the body: rewrite the status they carry.
 */
function endOfStreamFrame(chunk: Uint8Array): Uint8Array {
  if (chunk.byteLength < 5) return chunk;
  const frame = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  const flags = frame.readUInt8(0);
  const length = frame.readUInt32BE(1);
  if (frame.byteLength !== 5 + length) return chunk;
  const payload = frame.subarray(5).toString('utf8');
  let rewritten: string | undefined;
  if (flags & 0x80) rewritten = payload.replace(/^grpc-status:\s*1[23](\r?)$/im, `grpc-status: ${INVALID_ARGUMENT}$1`);
  else if (flags & 0x02) rewritten = payload.replace(/"code":"(internal|unimplemented)"/, '"code":"invalid_argument"');
  if (rewritten === undefined || rewritten === payload) return chunk;
  const out = Buffer.alloc(5 + Buffer.byteLength(rewritten));
  out.writeUInt8(flags, 0);
  out.writeUInt32BE(out.byteLength - 5, 1);
  out.write(rewritten, 5, 'utf8');
  return out;
}
