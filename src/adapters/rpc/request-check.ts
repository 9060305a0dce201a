import type { Message } from '@bufbuild/protobuf';
import type { StreamRequest, UnaryRequest, UnaryResponse, StreamResponse } from '@connectrpc/connect';

/**
 * Runs `check` on the request message before the handler sees it: at once for a unary call, and
 * for a streaming one on each message as the handler reads it (a throw ends the call with that error).
 */
export function nextWithChecked(
  req: UnaryRequest | StreamRequest,
  next: (req: UnaryRequest | StreamRequest) => Promise<UnaryResponse | StreamResponse>,
  check: (message: Message) => void,
): Promise<UnaryResponse | StreamResponse> {
  if (!req.stream) {
    check(req.message);
    return next(req);
  }
  const messages = req.message;
  return next({
    ...req,
    message: (async function* () {
      for await (const message of messages) {
        check(message);
        yield message;
      }
    })(),
  });
}
