import type { DescMethod, Message } from '@bufbuild/protobuf';
import { Code, ConnectError, createClient, type Transport } from '@connectrpc/connect';

/**
 * Calls any unary or server-streaming RPC by its descriptor; the status code, or undefined on
 * success. A valid subscription stays open: what arrives within `streamWindowMs` is read, then the
 * stream is closed, and running out of time there counts as success.
 */
export async function callAnyRpc(transport: Transport, method: DescMethod, message: Message, streamWindowMs: number): Promise<Code | undefined> {
  const client = createClient(method.parent, transport) as unknown as Record<string, (m: unknown, o: object) => unknown>;
  const fn = client[method.localName]!;
  try {
    if (method.methodKind === 'server_streaming') {
      const stream = (fn(message, { timeoutMs: streamWindowMs }) as AsyncIterable<unknown>)[Symbol.asyncIterator]();
      await stream.next();
      await stream.return?.();
      return undefined;
    }
    await fn(message, { timeoutMs: 15_000 });
    return undefined;
  } catch (error) {
    const code = ConnectError.from(error).code;
    return method.methodKind === 'server_streaming' && code === Code.DeadlineExceeded ? undefined : code;
  }
}
