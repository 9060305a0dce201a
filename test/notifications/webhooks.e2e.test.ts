import { createHmac, timingSafeEqual } from 'node:crypto';
import { Code, ConnectError, createClient, type Client } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NotificationAdminService } from '../../src/gen/hotel/v1/notification_service_pb.js';
import { bearer } from '../support/auth.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';
import { NotificationHarness } from './notification-harness.js';

const WAIT = { timeout: 15_000, interval: 50 };
const SECRET = 'whsec_0123456789abcdef';

// The snippet of docs/notifications.md, verbatim: what a partner runs to check a delivery.
function verifyWebhook(secret: string, headers: Record<string, string | string[] | undefined>, rawBody: string, toleranceSeconds = 300): boolean {
  const timestamp = String(headers['x-hotel-timestamp'] ?? '');
  const signature = String(headers['x-hotel-signature'] ?? '');
  if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const expected = 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
  return signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
}

describe('partner webhooks', () => {
  let harness: NotificationHarness | undefined;
  let receiver: WebhookReceiver | undefined;
  afterEach(async () => {
    await harness?.stop();
    await receiver?.stop();
    harness = receiver = undefined;
  });

  const admin = (h: NotificationHarness): Client<typeof NotificationAdminService> =>
    createClient(NotificationAdminService, createGrpcTransport({ baseUrl: h.url, interceptors: [bearer(h.token)] }));

  it('delivers a signed event after the receiver failed twice, once, and logs every attempt', async () => {
    const h = (harness = await NotificationHarness.start());
    const r = (receiver = await WebhookReceiver.start(2));
    const { hotelId, roomTypeId } = await h.hotel();
    const { webhook } = await admin(h).registerWebhook({ hotelId, url: r.url, eventTypes: ['reservation.confirmed'], secret: SECRET });
    // At rest the secret is sealed like personal data, never the plaintext the partner signs with.
    const stored = await h.storedWebhookSecret(webhook!.id);
    expect(stored).toMatch(/^pii1\./);
    expect(stored).not.toContain(SECRET);
    const { reservationId } = await h.book(hotelId, roomTypeId);

    await vi.waitFor(() => expect(r.delivered).toHaveLength(1), WAIT);
    expect(r.requests).toHaveLength(3);
    const [ok] = r.delivered;
    expect(verifyWebhook(SECRET, ok!.headers, ok!.body)).toBe(true);
    expect(verifyWebhook('another-secret-of-16+', ok!.headers, ok!.body)).toBe(false);
    expect(verifyWebhook(SECRET, ok!.headers, ok!.body.replace('CONFIRMED', 'CANCELLED'))).toBe(false);
    const body = JSON.parse(ok!.body);
    expect(body).toMatchObject({ type: 'reservation.confirmed', hotelId, data: { reservationId, status: 'CONFIRMED' } });
    expect(ok!.headers['x-hotel-event-id']).toBe(body.id);
    // Every attempt carried the same event id (receivers deduplicate on it).
    expect(new Set(r.requests.map((q) => q.headers['x-hotel-event-id']))).toEqual(new Set([body.id]));

    // The receiver counts a request when it arrives; the attempt is logged once the answer is back.
    await vi.waitFor(async () => {
      const { deliveries } = await admin(h).listWebhookDeliveries({ hotelId, webhookId: webhook!.id });
      expect(deliveries.map((d) => [d.eventId, d.statusCode, d.delivered])).toEqual([
        [body.id, 204, true],
        [body.id, 503, false],
        [body.id, 503, false],
      ]);
    }, WAIT);
  });

  it('dead-letters an event the receiver keeps refusing, and redelivers it on replay', async () => {
    const h = (harness = await NotificationHarness.start());
    const r = (receiver = await WebhookReceiver.start(1_000));
    const { hotelId, roomTypeId } = await h.hotel();
    const client = admin(h);
    await client.registerWebhook({ hotelId, url: r.url, eventTypes: ['reservation.confirmed', 'reservation.cancelled'], secret: SECRET });
    await h.book(hotelId, roomTypeId);

    const deadLetters = async () => (await client.getNotificationStatus({})).queues.find((q) => q.deadLetter && q.queue.endsWith('.partner-webhooks.dlq'))?.messages;
    await vi.waitFor(async () => expect(await deadLetters()).toBe(1n), WAIT);
    expect(r.requests).toHaveLength(3); // AMQP_MAX_ATTEMPTS
    const status = await client.getNotificationStatus({});
    expect(status.broker).toBe('rabbitmq');
    expect(status.outboxLagMs).toBe(0n);

    r.failFirst = 0;
    expect((await client.replayDeadLetters({ consumer: 'partner-webhooks' })).replayed).toBe(1);
    await vi.waitFor(() => expect(r.delivered).toHaveLength(1), WAIT);
    expect(await deadLetters()).toBe(0n);
  });

  it('refuses a webhook URL that is not http(s) at registration', async () => {
    const h = (harness = await NotificationHarness.start());
    const { hotelId } = await h.hotel();
    const error = await admin(h)
      .registerWebhook({ hotelId, url: 'file:///etc/passwd', eventTypes: ['reservation.confirmed'], secret: SECRET })
      .then(() => undefined, (e: unknown) => ConnectError.from(e));
    expect(error?.code).toBe(Code.InvalidArgument);
    expect(error?.rawMessage).toContain('must use http or https');
  });
});
