import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { createHmac } from 'node:crypto';
import type { WebhookResponse, WebhookSender, WebhookUrlPolicy } from '../../ports/webhook-sender.js';

export const WEBHOOK_HEADERS = {
  signature: 'x-hotel-signature',
  timestamp: 'x-hotel-timestamp',
  eventId: 'x-hotel-event-id',
  eventType: 'x-hotel-event-type',
} as const;

/** `sha256=` + hex HMAC-SHA256 of `${timestamp}.${body}` under the endpoint's secret. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface HttpWebhookSenderOptions {
  /** The SSRF rule, checked again before every call (DNS can change after registration). */
  readonly urls: WebhookUrlPolicy;
  /** Default 10000. */
  readonly timeoutMs?: number;
  readonly now?: () => Date;
  readonly onOutcome?: (outcome: 'sent' | 'failed') => void;
}

/**
 * POSTs with fetch: JSON body, a Unix-seconds timestamp header and the signature over both, the
 * event id (receivers deduplicate on it: delivery is at least once). 2xx is delivered; anything
 * else, a timeout or a refused connection is a failure to retry. Redirects are not followed.
 * Each call is a CLIENT span `webhook send`, a child of the consumer's span.
 */
export class HttpWebhookSender implements WebhookSender {
  constructor(private readonly options: HttpWebhookSenderOptions) {}

  async send(target: { url: string; secret: string }, delivery: { eventId: string; eventType: string; body: string }): Promise<WebhookResponse> {
    const span = trace.getTracer('hotel.notify').startSpan('webhook send', {
      kind: SpanKind.CLIENT,
      attributes: { 'hotel.notification.channel': 'webhook', 'hotel.event_id': delivery.eventId, 'http.request.method': 'POST' },
    });
    const response = await this.post(target, delivery);
    if (response.statusCode !== null) span.setAttribute('http.response.status_code', response.statusCode);
    if (!response.delivered) span.setStatus({ code: SpanStatusCode.ERROR, message: response.error });
    span.end();
    this.options.onOutcome?.(response.delivered ? 'sent' : 'failed');
    return response;
  }

  private async post(target: { url: string; secret: string }, delivery: { eventId: string; eventType: string; body: string }): Promise<WebhookResponse> {
    const refusal = await this.options.urls.refusal(target.url);
    if (refusal !== undefined) return { delivered: false, statusCode: null, error: `refused by the SSRF rule: ${refusal}` };
    const timestamp = String(Math.floor((this.options.now?.() ?? new Date()).getTime() / 1000));
    try {
      const res = await fetch(target.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'hotel-reservation-webhooks/1',
          [WEBHOOK_HEADERS.timestamp]: timestamp,
          [WEBHOOK_HEADERS.signature]: webhookSignature(target.secret, timestamp, delivery.body),
          [WEBHOOK_HEADERS.eventId]: delivery.eventId,
          [WEBHOOK_HEADERS.eventType]: delivery.eventType,
        },
        body: delivery.body,
      });
      await res.body?.cancel().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) return { delivered: true, statusCode: res.status };
      return { delivered: false, statusCode: res.status, error: `receiver answered ${res.status}` };
    } catch (error) {
      const message = error instanceof Error ? (error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message) : String(error);
      return { delivered: false, statusCode: null, error: message };
    }
  }
}
