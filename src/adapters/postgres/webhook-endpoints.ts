import type { EntityManager } from '@mikro-orm/postgresql';
import type { PiiProtector } from '../../ports/pii-protector.js';
import type { WebhookAttempt, WebhookEndpoint, WebhookEndpoints } from '../../ports/webhook-endpoints.js';

interface EndpointRow {
  hotel_id: string;
  id: string;
  url: string;
  event_types: string;
  secret: string;
  created_at: Date;
}

interface AttemptRow {
  hotel_id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  attempted_at: Date;
  status_code: number | null;
  error: string | null;
  delivered: boolean;
}

const toEndpoint = (r: EndpointRow, pii: PiiProtector): WebhookEndpoint => ({
  id: r.id,
  hotelId: r.hotel_id,
  url: r.url,
  eventTypes: r.event_types.split(',').filter(Boolean),
  secret: pii.open(r.secret),
  createdAt: new Date(r.created_at),
});

/** Webhook endpoints and attempts in the caller's transaction; signing secrets stored sealed. */
export class PostgresWebhookEndpoints implements WebhookEndpoints {
  constructor(
    private readonly em: EntityManager,
    private readonly pii: PiiProtector,
  ) {}

  async add(e: WebhookEndpoint): Promise<void> {
    await this.em.execute(
      'insert into webhook_endpoints (hotel_id, id, url, event_types, secret, created_at) values (?, ?, ?, ?, ?, ?)',
      [e.hotelId, e.id, e.url, e.eventTypes.join(','), this.pii.seal(e.secret), e.createdAt],
      'run',
    );
  }

  async get(hotelId: string, webhookId: string): Promise<WebhookEndpoint | undefined> {
    const [row] = await this.em.execute<EndpointRow[]>('select * from webhook_endpoints where hotel_id = ? and id = ?', [hotelId, webhookId]);
    return row ? toEndpoint(row, this.pii) : undefined;
  }

  async subscribedTo(hotelId: string, eventType: string): Promise<WebhookEndpoint[]> {
    const rows = await this.em.execute<EndpointRow[]>(
      `select * from webhook_endpoints where hotel_id = ? and ? = any(string_to_array(event_types, ',')) order by created_at, id`,
      [hotelId, eventType],
    );
    return rows.map((r) => toEndpoint(r, this.pii));
  }

  async logAttempt(a: WebhookAttempt): Promise<void> {
    await this.em.execute(
      'insert into webhook_attempts (hotel_id, webhook_id, event_id, event_type, attempted_at, status_code, error, delivered) values (?, ?, ?, ?, ?, ?, ?, ?)',
      [a.hotelId, a.webhookId, a.eventId, a.eventType, a.at, a.statusCode, a.error, a.delivered],
      'run',
    );
  }

  async attempts(hotelId: string, webhookId: string, limit: number): Promise<WebhookAttempt[]> {
    const rows = await this.em.execute<AttemptRow[]>('select * from webhook_attempts where hotel_id = ? and webhook_id = ? order by id desc limit ?', [hotelId, webhookId, limit]);
    return rows.map((r) => ({
      webhookId: r.webhook_id,
      hotelId: r.hotel_id,
      eventId: r.event_id,
      eventType: r.event_type,
      at: new Date(r.attempted_at),
      statusCode: r.status_code,
      error: r.error,
      delivered: r.delivered,
    }));
  }
}
