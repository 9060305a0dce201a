import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly answeredStatus: number;
}

/** A real HTTP server taking webhook POSTs; the first `failFirst` requests get a 503. */
export class WebhookReceiver {
  readonly requests: ReceivedWebhook[] = [];
  private constructor(
    private readonly server: Server,
    readonly url: string,
    public failFirst: number,
  ) {}

  static async start(failFirst = 0): Promise<WebhookReceiver> {
    const ref: { self?: WebhookReceiver } = {};
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const self = ref.self!;
        const status = self.requests.length < self.failFirst ? 503 : 204;
        self.requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answeredStatus: status });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ref.self = new WebhookReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, failFirst);
    return ref.self;
  }

  get delivered(): ReceivedWebhook[] {
    return this.requests.filter((r) => r.answeredStatus < 300);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}
