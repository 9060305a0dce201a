import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { EmailMessage, Mailer, SentEmail } from '../../ports/mailer.js';

export interface NodemailerMailerOptions {
  /** `smtp://user:pass@host:port` or `smtps://...`; unset: the local fallback below. */
  readonly smtpUrl: string | undefined;
  /** The From header, e.g. `Hotel Reservations <no-reply@example.com>`. */
  readonly from: string;
  /**
   * Fallback when no SMTP server is configured: every message, rendered by nodemailer's JSON
   * transport (headers, text and HTML), is appended as one JSON line to this file.
   */
  readonly fallbackFile: string;
  /** Connection, greeting and socket timeouts of the SMTP client. Default 10000. */
  readonly timeoutMs?: number;
  /** Each send's outcome, for metrics. */
  readonly onOutcome?: (outcome: 'sent' | 'failed') => void;
}

/**
 * `Mailer` over nodemailer: SMTP when `smtpUrl` is set, else a JSON-lines file (the embedded
 * default of `npm start`, so the demo needs no mail server and its emails can still be read).
 * Each send is a CLIENT span `email send`, a child of the active span (the consumer's).
 */
export class NodemailerMailer implements Mailer {
  private readonly transport: Transporter;
  private readonly toFile: boolean;

  constructor(private readonly options: NodemailerMailerOptions) {
    const timeout = options.timeoutMs ?? 10_000;
    this.toFile = options.smtpUrl === undefined;
    this.transport =
      options.smtpUrl === undefined
        ? nodemailer.createTransport({ jsonTransport: true })
        : nodemailer.createTransport({ ...smtpOptions(options.smtpUrl), connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout });
  }

  /** Which transport is in use, for the start-up log. */
  get description(): string {
    return this.toFile ? `file ${this.options.fallbackFile} (no SMTP_URL)` : `SMTP ${redact(this.options.smtpUrl ?? '')}`;
  }

  async send(message: EmailMessage): Promise<SentEmail> {
    const span = trace.getTracer('hotel.notify').startSpan('email send', {
      kind: SpanKind.CLIENT,
      attributes: { 'hotel.notification.channel': 'email', 'hotel.notification.transport': this.toFile ? 'file' : 'smtp', 'hotel.event_id': message.headers['X-Hotel-Event-Id'] ?? '' },
    });
    try {
      const info = (await this.transport.sendMail({
        from: this.options.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: { ...message.headers },
      })) as { messageId: string; message?: unknown };
      if (this.toFile) {
        await mkdir(dirname(this.options.fallbackFile), { recursive: true });
        await appendFile(this.options.fallbackFile, `${String(info.message)}\n`);
      }
      this.options.onOutcome?.('sent');
      return { messageId: info.messageId };
    } catch (error) {
      this.options.onOutcome?.('failed');
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      if (error instanceof Error) span.recordException(error);
      throw error;
    } finally {
      span.end();
    }
  }

  close(): void {
    this.transport.close();
  }
}

/** smtp://host:25 (STARTTLS when the server offers it), smtps://host:465 (TLS from the start); user and password from the URL. */
function smtpOptions(url: string): { host: string; port: number; secure: boolean; auth?: { user: string; pass: string } } {
  const u = new URL(url);
  const secure = u.protocol === 'smtps:';
  const base = { host: u.hostname, port: u.port ? Number(u.port) : secure ? 465 : 25, secure };
  return u.username ? { ...base, auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : base;
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}
