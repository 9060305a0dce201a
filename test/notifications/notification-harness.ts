import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import { pino } from 'pino';
import { loadConfig } from '../../src/app/config.js';
import { piiProtectorOf } from '../../src/app/pii.js';
import { testPiiEnv } from '../support/pii.js';
import { startApp, type RunningApp } from '../../src/app/start-app.js';
import { operatorToken, testAuthEnv } from '../support/auth.js';
import { call, grpcClients } from '../support/grpc-client.js';
import { day } from '../support/e2e.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { RABBITMQ_URL, RabbitTestNames } from '../support/rabbitmq.js';
import { TestSmtpServer } from '../support/smtp.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

export const EMAIL_CONSUMERS = ['guest-email', 'hotel-admin-email'] as const;

/**
 * The whole application on its own database, its own RabbitMQ exchange and queues reached through
 * a TCP proxy (to cut the broker off without stopping it), and a real SMTP server in this process.
 * `restart()` stops the app and starts a new one on the same database, queues and mail server.
 */
export class NotificationHarness {
  readonly logs: Record<string, unknown>[] = [];
  private clients: ReturnType<typeof grpcClients> | undefined;
  private readonly auth = testAuthEnv();
  /** The operator's access token of the running app (a fresh one after each restart). */
  token = '';
  private constructor(
    readonly db: TestDatabase,
    readonly names: RabbitTestNames,
    readonly broker: TcpProxy,
    readonly smtp: TestSmtpServer,
    readonly inspector: pg.Pool,
    private app: RunningApp | undefined,
  ) {}

  static async start(): Promise<NotificationHarness> {
    const db = await createTestDatabase();
    const names = new RabbitTestNames();
    for (const c of ['guest-notifications', 'partner-webhooks', ...EMAIL_CONSUMERS]) names.consumer(c);
    const broker = await startTcpProxy({ host: new URL(RABBITMQ_URL).hostname, port: Number(new URL(RABBITMQ_URL).port || 5672) });
    const smtp = await TestSmtpServer.start();
    const harness = new NotificationHarness(db, names, broker, smtp, new pg.Pool({ connectionString: db.url, max: 2 }), undefined);
    await harness.startApp();
    return harness;
  }

  /** The app's base URL (for Connect clients of services the grpc-js helper does not load). */
  get url(): string {
    if (!this.app) throw new Error('not started');
    return this.app.url;
  }

  get api() {
    if (!this.clients) throw new Error('not started');
    return this.clients;
  }

  async restart(): Promise<void> {
    await this.stopApp();
    await this.startApp();
  }

  async stop(): Promise<void> {
    await this.stopApp();
    await this.inspector.end();
    await this.broker.close();
    await this.smtp.stop();
    await this.names.remove().catch(() => undefined);
    await this.db.drop();
    await this.auth.remove();
  }

  /** A hotel in Tokyo (JPY, Asia/Tokyo) with one room type, 10 rooms a night and free cancellation until arrival. */
  async hotel(): Promise<{ hotelId: string; roomTypeId: string }> {
    const { hotel } = await call(this.api.admin, 'createHotel', {
      name: 'Hotel Sakura',
      city: 'Tokyo',
      countryCode: 'JP',
      latitude: 35.68,
      longitude: 139.76,
      timeZone: 'Asia/Tokyo',
      currencyCode: 'JPY',
      amenities: [],
    });
    const { roomType } = await call(this.api.admin, 'createRoomType', { hotelId: hotel.id, name: 'Garden Twin', maxGuests: 2, amenities: [] });
    await call(this.api.admin, 'setInventory', { hotelId: hotel.id, roomTypeId: roomType.id, from: day(30), to: day(60), totalRooms: 10, nightlyPriceMinor: '18000' });
    return { hotelId: hotel.id as string, roomTypeId: roomType.id as string };
  }

  async book(hotelId: string, roomTypeId: string, guestEmail = `guest-${randomUUID().slice(0, 8)}@example.com`): Promise<{ reservationId: string; guestEmail: string }> {
    const { reservation } = await call(this.api.booking, 'createReservation', {
      idempotencyKey: randomUUID(),
      hotelId,
      roomTypeId,
      checkIn: day(40),
      checkOut: day(42),
      guests: 2,
      guestName: 'Ada Lovelace',
      guestEmail,
    });
    return { reservationId: reservation.id as string, guestEmail };
  }

  private readonly piiEnv = testPiiEnv();

  async unsentEvents(): Promise<number> {
    const { rows } = await this.inspector.query<{ n: number }>('select count(*)::int as n from outbox where sent_at is null');
    return rows[0]?.n ?? -1;
  }

  /** A webhook's signing secret as stored (sealed). */
  async storedWebhookSecret(webhookId: string): Promise<string | undefined> {
    const { rows } = await this.inspector.query<{ secret: string }>('select secret from webhook_endpoints where id = $1', [webhookId]);
    return rows[0]?.secret;
  }

  /** The delivery journal, recipient and subject opened (they are stored sealed). */
  async deliveries(consumer: string): Promise<{ event_id: string; recipient: string; subject: string }[]> {
    const { rows } = await this.inspector.query<{ event_id: string; recipient: string; subject: string }>(
      'select event_id, recipient, subject from notification_deliveries where consumer = $1 order by delivered_at',
      [consumer],
    );
    const pii = piiProtectorOf(loadConfig(this.piiEnv));
    return rows.map((r) => ({ ...r, recipient: pii.open(r.recipient), subject: pii.open(r.subject) }));
  }

  logged(msg: string): Record<string, unknown>[] {
    return this.logs.filter((l) => l['msg'] === msg);
  }

  private async startApp(): Promise<void> {
    const config = loadConfig({
      HOST: '127.0.0.1',
      PORT: '0',
      OPS_PORT: '0',
      DATABASE_URL: this.db.url,
      SEED_DEMO: 'never',
      // The same keys across restarts of the app in one harness.
      ...this.piiEnv,
      OUTBOX_POLL_MS: '50',
      AMQP_URL: RABBITMQ_URL.replace(/:\d+$/, `:${this.broker.port}`),
      AMQP_EXCHANGE: this.names.exchange,
      AMQP_QUEUE_PREFIX: this.names.queuePrefix,
      AMQP_RETRY_DELAY_MS: '50',
      AMQP_RETRY_MAX_DELAY_MS: '400',
      AMQP_MAX_ATTEMPTS: '3',
      SMTP_URL: this.smtp.url,
      MAIL_FILE: join(tmpdir(), `unused-${randomUUID()}.jsonl`),
      HOTEL_ADMIN_EMAIL: 'desk+{hotelId}@hotel.test',
      WEBHOOK_ALLOW_PRIVATE: 'true',
      ...this.auth.env,
    });
    const sink = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.logs.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    this.app = await startApp(config, pino({ level: 'info' }, sink));
    this.token = await operatorToken(this.app.url);
    this.clients = grpcClients(this.app.url, this.token);
  }

  private async stopApp(): Promise<void> {
    this.clients?.close();
    this.clients = undefined;
    await this.app?.stop();
    this.app = undefined;
  }
}
