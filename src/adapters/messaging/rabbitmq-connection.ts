import { connect, type ChannelModel } from 'amqplib';
import { backoffDelay } from './backoff.js';

export interface RabbitMqConnectionOptions {
  readonly url: string;
  /** Shown in the broker's connection list. */
  readonly connectionName: string;
  /** Used when the URL has no `heartbeat` parameter: how fast a dead peer is noticed. */
  readonly heartbeatSeconds: number;
  readonly reconnectBaseMs: number;
  readonly reconnectMaxMs: number;
  readonly onError: (error: unknown) => void;
  /** amqps://: PEM certificates of the CAs trusted for the broker's certificate (unset: the system's). */
  readonly ca?: Buffer | undefined;
}

/** The broker is unreachable and the back-off window has not elapsed yet. */
export class BrokerUnavailable extends Error {
  override readonly name = 'BrokerUnavailable';
  constructor(
    readonly retryInMs: number,
    cause: unknown,
  ) {
    super(`RabbitMQ unavailable; next connection attempt in ${retryInMs} ms`, { cause });
  }
}

/**
 * One AMQP connection, opened on first use and reopened on the next use after it drops. Failed
 * attempts back off exponentially: within the window `get()` fails at once with
 * `BrokerUnavailable` instead of hammering the broker or making callers wait.
 */
export class RabbitMqConnection {
  private model: ChannelModel | null = null;
  private opening: Promise<ChannelModel> | null = null;
  private failures = 0;
  private nextAttemptAt = 0;
  private lastError: unknown = undefined;
  private closed = false;

  constructor(private readonly options: RabbitMqConnectionOptions) {}

  get(): Promise<ChannelModel> {
    if (this.closed) return Promise.reject(new Error('RabbitMQ connection closed'));
    if (this.model) return Promise.resolve(this.model);
    if (this.opening) return this.opening;
    const wait = this.nextAttemptAt - Date.now();
    if (wait > 0) return Promise.reject(new BrokerUnavailable(wait, this.lastError));
    const opening = this.open();
    this.opening = opening;
    const clear = (): void => {
      if (this.opening === opening) this.opening = null;
    };
    opening.then(clear, clear);
    return opening;
  }

  async close(): Promise<void> {
    this.closed = true;
    const model = this.model ?? (await this.opening?.catch(() => null));
    this.model = null;
    await model?.close().catch(() => undefined);
  }

  private async open(): Promise<ChannelModel> {
    let model: ChannelModel;
    try {
      model = await connect(this.url(), { clientProperties: { connection_name: this.options.connectionName }, ...(this.options.ca ? { ca: [this.options.ca] } : {}) });
    } catch (e) {
      this.failures += 1;
      this.lastError = e;
      this.nextAttemptAt = Date.now() + backoffDelay(this.failures, this.options.reconnectBaseMs, this.options.reconnectMaxMs);
      throw e;
    }
    if (this.closed) {
      await model.close().catch(() => undefined);
      throw new Error('RabbitMQ connection closed');
    }
    this.failures = 0;
    this.nextAttemptAt = 0;
    // Without an 'error' listener an EventEmitter error would crash the process. A connection
    // that closes with an error emits it here first, so 'close' need not report it again.
    model.on('error', (e: Error) => this.options.onError(e));
    model.on('close', () => {
      if (this.model === model) this.model = null;
    });
    this.model = model;
    return model;
  }

  private url(): string {
    const url = new URL(this.options.url);
    if (!url.searchParams.has('heartbeat')) url.searchParams.set('heartbeat', String(this.options.heartbeatSeconds));
    return url.toString();
  }
}
