import { CATALOG_EVENT_TYPES, type DomainEvent } from '../events/domain-event.js';
import { notFound, Violations, type InvalidArgument, type NotFound } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import type { Clock } from '../../ports/clock.js';
import type { WebhookSender, WebhookUrlPolicy } from '../../ports/webhook-sender.js';
import type { UnitOfWork } from '../../ports/unit-of-work.js';
import type { WebhookAttempt, WebhookEndpoint } from '../../ports/webhook-endpoints.js';

/** Event kinds a partner may subscribe to. */
export const WEBHOOK_EVENT_TYPES: readonly string[] = [
  'reservation.confirmed',
  'reservation.modified',
  'reservation.cancelled',
  'reservation.checked_in',
  'reservation.checked_out',
  'reservation.no_show',
  ...CATALOG_EVENT_TYPES,
];

export interface RegisterWebhookCommand {
  readonly hotelId: string;
  readonly url: string;
  readonly eventTypes: readonly string[];
  readonly secret: string;
}

/** Registers a partner endpoint for a hotel's events, after the URL passed the SSRF rule. */
export class RegisterWebhook {
  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly clock: Clock; readonly newId: (hotelId: string) => string; readonly urls: WebhookUrlPolicy }) {}

  async execute(cmd: RegisterWebhookCommand): Promise<Result<WebhookEndpoint, InvalidArgument | NotFound>> {
    const v = new Violations();
    v.require(cmd.hotelId.length > 0, 'hotel_id', 'is required');
    v.require(cmd.eventTypes.length > 0, 'event_types', 'must name at least one event type');
    const unknown = cmd.eventTypes.filter((t) => !WEBHOOK_EVENT_TYPES.includes(t));
    v.require(unknown.length === 0, 'event_types', `unknown event types ${unknown.join(', ')}; known: ${WEBHOOK_EVENT_TYPES.join(', ')}`);
    v.require(cmd.secret.length >= 16 && cmd.secret.length <= 256, 'secret', 'must be 16-256 characters');
    const refusal = await this.deps.urls.refusal(cmd.url);
    if (refusal !== undefined) v.add('url', refusal);
    if (!v.isEmpty) return err(v.toError());
    return this.deps.uow.run(cmd.hotelId, async (tx): Promise<Result<WebhookEndpoint, InvalidArgument | NotFound>> => {
      if (!(await tx.hotels.get(cmd.hotelId))) return err(notFound('hotel', cmd.hotelId));
      const endpoint: WebhookEndpoint = {
        id: this.deps.newId(cmd.hotelId),
        hotelId: cmd.hotelId,
        url: cmd.url,
        eventTypes: [...new Set(cmd.eventTypes)],
        secret: cmd.secret,
        createdAt: this.deps.clock.now(),
      };
      await tx.webhooks.add(endpoint);
      return ok(endpoint);
    });
  }
}

/** An endpoint's delivery log, newest first. */
export class ListWebhookAttempts {
  constructor(private readonly deps: { readonly uow: UnitOfWork }) {}

  async execute(hotelId: string, webhookId: string, limit: number): Promise<Result<WebhookAttempt[], NotFound>> {
    return this.deps.uow.run(hotelId, async (tx): Promise<Result<WebhookAttempt[], NotFound>> => {
      if (!(await tx.webhooks.get(hotelId, webhookId))) return err(notFound('webhook', webhookId));
      return ok(await tx.webhooks.attempts(hotelId, webhookId, limit));
    });
  }
}

/** Some endpoint did not take the event: the bus retries it later (delivered endpoints are skipped). */
export class WebhookDeliveryFailed extends Error {
  override readonly name = 'WebhookDeliveryFailed';
}

/** The JSON body partners receive: the event, as its public contract. */
export function webhookBody(event: DomainEvent): string {
  return JSON.stringify({ id: event.id, type: event.type, occurredAt: event.occurredAt.toISOString(), hotelId: event.hotelId, data: event.payload });
}

/**
 * Consumer that POSTs each event to the hotel's endpoints subscribed to its type. Each endpoint is
 * delivered once per event: a claim on (consumer, event id + endpoint id) in the transaction of the
 * call and its record. Every attempt, failed or not, goes to the endpoint's delivery log. If any
 * endpoint failed, the handler throws so the broker retries with back-off (endpoints that already
 * took the event are skipped), and after the last attempt the event goes to the dead-letter queue.
 */
export class DeliverWebhooks {
  static readonly consumerName = 'partner-webhooks';
  static readonly eventTypes = WEBHOOK_EVENT_TYPES;

  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly sender: WebhookSender; readonly clock: Clock }) {}

  async handle(event: DomainEvent): Promise<void> {
    const read = await this.deps.uow.run(event.hotelId, async (tx) => ok(await tx.webhooks.subscribedTo(event.hotelId, event.type)));
    const endpoints = read.ok ? read.value : [];
    const body = webhookBody(event);
    const failed: string[] = [];
    for (const endpoint of endpoints) {
      let attempt: WebhookAttempt | undefined;
      await this.deps.uow.run(event.hotelId, async (tx) => {
        if (!(await tx.deliveries.claim(DeliverWebhooks.consumerName, `${event.id}/${endpoint.id}`, event.hotelId))) return ok(undefined);
        const response = await this.deps.sender.send(endpoint, { eventId: event.id, eventType: event.type, body });
        attempt = {
          webhookId: endpoint.id,
          hotelId: event.hotelId,
          eventId: event.id,
          eventType: event.type,
          at: this.deps.clock.now(),
          statusCode: response.statusCode,
          error: response.delivered ? null : response.error,
          delivered: response.delivered,
        };
        if (!response.delivered) return err(response.error); // releases the claim: retried later
        await tx.webhooks.logAttempt(attempt);
        await tx.deliveries.record({
          consumer: DeliverWebhooks.consumerName,
          eventId: `${event.id}/${endpoint.id}`,
          hotelId: event.hotelId,
          channel: 'webhook',
          recipient: endpoint.url,
          subject: event.type,
          externalId: String(response.statusCode),
        });
        return ok(undefined);
      });
      if (attempt && !attempt.delivered) {
        const failure = attempt;
        await this.deps.uow.run(event.hotelId, async (tx) => ok(await tx.webhooks.logAttempt(failure)));
        failed.push(`${endpoint.id}: ${failure.error ?? 'failed'}`);
      }
    }
    if (failed.length > 0) throw new WebhookDeliveryFailed(`event ${event.id} not delivered to ${failed.join('; ')}`);
  }
}
