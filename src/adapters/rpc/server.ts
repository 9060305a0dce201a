import http from 'node:http';
import http2 from 'node:http2';
import net, { type AddressInfo, type Socket } from 'node:net';
import tls from 'node:tls';
import { Code, ConnectError, createConnectRouter, type ConnectRouter, type Interceptor } from '@connectrpc/connect';
import { compressionBrotli, compressionGzip, universalRequestFromNodeRequest, universalResponseToNodeResponse, type ConnectNodeAdapterOptions } from '@connectrpc/connect-node';
import { PEER_ADDRESS } from './rate-limit.js';
import { markHandlerReached, reportUndecodableAsInvalidArgument, undecodableRequestContext } from './undecodable-requests.js';

export interface RpcServerOptions {
  readonly host: string;
  readonly port: number;
  readonly routes: (router: ConnectRouter) => void;
  readonly interceptors: Interceptor[];
  /** Largest request message accepted, in bytes. */
  readonly readMaxBytes?: number;
  /** Handles requests that match no RPC (the web app's static files); unset: 404. */
  readonly fallback?: ConnectNodeAdapterOptions['fallback'];
  /** Set: TLS on the port (PEM certificate chain and private key), ALPN h2 or http/1.1; unset: cleartext. */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
}

export interface RpcServer {
  /** Base URL clients use, e.g. http://127.0.0.1:8080 (https:// with TLS) */
  readonly url: string;
  readonly port: number;
  /** Stops accepting, lets in-flight calls finish for up to `graceMs`, then cuts the rest. */
  close(graceMs?: number): Promise<void>;
}

const HTTP2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');

/**
 * One port for every protocol. Node's cleartext HTTP/2 server cannot also speak HTTP/1.1, so a
 * plain TCP listener reads the first bytes of each connection: the HTTP/2 connection preface
 * (gRPC, gRPC-Web and Connect over h2c) goes to an HTTP/2 server, anything else (Connect JSON
 * and gRPC-Web over HTTP/1.1: curl, browsers) to an HTTP/1.1 server. Both share one Connect handler.
 *
 * With `tls` the listener is a TLS server offering ALPN h2 and http/1.1, and the protocol the
 * client negotiated picks the server instead of the first bytes: h2 to the HTTP/2 server, http/1.1
 * (or a client that sent no ALPN) to the HTTP/1.1 one. A client that does not speak TLS fails its
 * handshake and is disconnected; nothing else notices.
 */
export async function startRpcServer(options: RpcServerOptions): Promise<RpcServer> {
  const handler = nodeHandler(options);
  const h2 = http2.createServer({}, handler);
  const h1 = http.createServer(handler);
  const sessions = new Set<http2.Http2Session>();
  const sockets = new Set<Socket>();
  h2.on('session', (session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
  const track = (socket: Socket) => {
    sockets.add(socket);
    // No Nagle delay: an answer's headers, message and trailers go out as soon as they are written,
    // not held back until the client acknowledges earlier segments (gRPC servers set this by default).
    socket.setNoDelay(true);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };

  const listener = options.tls
    ? tls
        .createServer({ cert: options.tls.cert, key: options.tls.key, ALPNProtocols: ['h2', 'http/1.1'] }, (socket) => {
          track(socket);
          (socket.alpnProtocol === 'h2' ? h2 : h1).emit('connection', socket);
        })
        // The raw connection, so close() can cut handshakes that never finish.
        .on('connection', track)
        // Failed handshakes (plaintext clients, untrusted certificates): tls has already destroyed the socket.
        .on('tlsClientError', () => undefined)
    : net.createServer((socket) => {
        track(socket);
        socket.once('readable', () => {
          const head: Buffer | null = socket.read(Math.min(HTTP2_PREFACE.length, socket.readableLength)) ?? socket.read();
          if (head === null) return void socket.destroy();
          socket.unshift(head);
          const isHttp2 = HTTP2_PREFACE.subarray(0, head.length).equals(head.subarray(0, HTTP2_PREFACE.length));
          (isHttp2 ? h2 : h1).emit('connection', socket);
        });
      });

  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(options.port, options.host, () => {
      listener.off('error', reject);
      resolve();
    });
  });
  const { port } = listener.address() as AddressInfo;
  const host = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;

  return {
    url: `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    async close(graceMs = 5000) {
      const closed = new Promise<void>((resolve) => listener.close(() => resolve()));
      for (const session of sessions) session.close();
      h1.closeIdleConnections();
      const timer = setTimeout(() => {
        for (const session of sessions) session.destroy();
        for (const socket of sockets) socket.destroy();
      }, graceMs);
      timer.unref();
      await closed;
      clearTimeout(timer);
    },
  };
}

/**
 * connect-node's `connectNodeAdapter`, plus one step: answers to requests that could not even be
 * decoded are reported as INVALID_ARGUMENT instead of INTERNAL (see undecodable-requests.ts).
 */
function nodeHandler(options: RpcServerOptions): (req: http.IncomingMessage | http2.Http2ServerRequest, res: http.ServerResponse | http2.Http2ServerResponse) => void {
  const router = createConnectRouter({
    interceptors: [markHandlerReached, ...options.interceptors],
    readMaxBytes: options.readMaxBytes ?? 4 * 1024 * 1024,
    acceptCompression: [compressionGzip, compressionBrotli],
    // gzip of every response over 1 KiB (Connect's default) cost a tenth of the CPU of a search
    // page (20 hotels, a few KiB) in the profile of bench/search.ts; only large answers gain from it.
    compressMinBytes: 64 * 1024,
  });
  options.routes(router);
  const handlers = new Map(router.handlers.map((h) => [h.requestPath, h]));
  return (req, res) => {
    const handler = handlers.get(req.url?.split('?', 2)[0] ?? '');
    if (!handler) {
      if (options.fallback) return options.fallback(req, res);
      res.statusCode = 404;
      res.end();
      return;
    }
    const context = undecodableRequestContext().set(PEER_ADDRESS, req.socket.remoteAddress ?? 'unknown');
    handler(universalRequestFromNodeRequest(req, res, undefined, context))
      .then((response) => reportUndecodableAsInvalidArgument(response, context))
      .then((response) => universalResponseToNodeResponse(response, res))
      .catch((reason: unknown) => {
        if (ConnectError.from(reason).code === Code.Aborted) return;
        // The same last resort as connect-node: the response could not be written (client gone).
        console.error(`handler for rpc ${handler.method.name} of ${handler.service.typeName} failed`, reason);
      });
  };
}
