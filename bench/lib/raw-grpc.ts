import http2 from 'node:http2';
import net from 'node:net';

/**
 * A gRPC client for load generators, on node:http2 directly: requests are sent as ready-made frames
 * (encode them once), and answers are not decoded, only their gRPC status read. A benchmark's
 * generator shares the machine with the server; a full client (Connect or grpc-js: message
 * encoding, decoding, interceptors) would spend more CPU per call than some of the RPCs it measures,
 * and spend more of it on larger answers, taking the most from the server where answers are largest.
 * The wire format is the same, so the server cannot tell it from any other client; the e2e tests
 * use real clients.
 */
/**
 * Flow-control windows of the connection and of each stream: 2^30-1 bytes, h2load's defaults (-w 30
 * -W 30). Node's default window is 64 KiB for the whole connection, which holds about six ~10 KB
 * search answers: with 16 in flight the server would wait for the generator's window updates, a
 * limit of this client that clients tuned for throughput (h2load, gRPC's BDP probing) do not have.
 */
const WINDOW = 2 ** 30 - 1;

export class RawGrpcClient {
  private readonly sessions: http2.ClientHttp2Session[];
  private next = 0;

  /** `connections` HTTP/2 connections shared by the callers, as a gateway or SDK pool would. */
  constructor(
    url: string,
    private readonly headers: Readonly<Record<string, string>> = {},
    connections = 4,
  ) {
    const { protocol, hostname, port } = new URL(url);
    if (protocol !== 'http:') throw new Error(`RawGrpcClient speaks gRPC over cleartext HTTP/2 (http://), not ${url}`);
    this.sessions = Array.from({ length: connections }, () => {
      const session = http2.connect(url, {
        settings: { initialWindowSize: WINDOW },
        // As h2load and gRPC clients do: no Nagle delay, requests go out when written.
        createConnection: () => net.connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port || 80), noDelay: true }),
      });
      session.once('connect', () => session.setLocalWindowSize(WINDOW));
      return session;
    });
  }

  /** One unary call of `path` (`/package.Service/Method`) with a frame from `grpcFrame`; rejects unless the status is OK. */
  call(path: string, frame: Buffer): Promise<void> {
    const session = this.sessions[this.next++ % this.sessions.length]!;
    return new Promise((resolve, reject) => {
      const stream = session.request({ ':method': 'POST', ':path': path, 'content-type': 'application/grpc+proto', te: 'trailers', ...this.headers });
      let status: string | undefined;
      let message = '';
      const take = (h: http2.IncomingHttpHeaders) => {
        if (h['grpc-status'] === undefined) return;
        status = String(h['grpc-status']);
        message = decodeURIComponent(String(h['grpc-message'] ?? ''));
      };
      stream.on('response', take);
      stream.on('trailers', take);
      stream.on('data', () => undefined);
      stream.on('error', reject);
      stream.on('close', () => {
        if (status === '0') resolve();
        else reject(new Error(status === undefined ? `stream closed without a gRPC status (rst ${stream.rstCode})` : `gRPC status ${status}: ${message}`));
      });
      stream.end(frame);
    });
  }

  close(): void {
    for (const session of this.sessions) session.close();
  }
}

/** A length-prefixed gRPC message (uncompressed) around an encoded protobuf. */
export function grpcFrame(message: Uint8Array): Buffer {
  const frame = Buffer.alloc(5 + message.length);
  frame.writeUInt32BE(message.length, 1);
  frame.set(message, 5);
  return frame;
}
