import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly headers: ParsedMail['headers'];
}

/**
 * A real SMTP server in this process (the `smtp-server` package, plain text, any sender accepted)
 * that parses what it receives. `failNext(n)` makes it refuse the next n messages with a 451.
 */
export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  /** Messages refused so far because of `failNext`. */
  refused = 0;
  private failures = 0;
  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(): Promise<TestSmtpServer> {
    const ref: { self?: TestSmtpServer } = {};
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream).then(
          (mail) => {
            const self = ref.self;
            if (self && self.failures > 0) {
              self.failures -= 1;
              self.refused += 1;
              const refusal = Object.assign(new Error('try again later'), { responseCode: 451 });
              callback(refusal);
              return;
            }
            const to = Array.isArray(mail.to) ? mail.to.map((a) => a.text).join(', ') : (mail.to?.text ?? '');
            self?.received.push({ to, subject: mail.subject ?? '', text: mail.text ?? '', html: typeof mail.html === 'string' ? mail.html : '', headers: mail.headers });
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ref.self = new TestSmtpServer(server, (server.server.address() as AddressInfo).port);
    return ref.self;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  failNext(n: number): void {
    this.failures = n;
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.to.includes(address));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
