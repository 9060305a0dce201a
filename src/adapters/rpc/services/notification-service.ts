import { Code, ConnectError, type ServiceImpl } from '@connectrpc/connect';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { ListWebhookAttempts, RegisterWebhook } from '../../../core/notification/webhooks.js';
import type { NotificationAdminService } from '../../../gen/hotel/v1/notification_service_pb.js';
import type { NotificationOperations } from '../../../ports/notification-operations.js';
import { unwrap } from '../results.js';

export interface NotificationUseCases {
  readonly registerWebhook: RegisterWebhook;
  readonly listWebhookAttempts: ListWebhookAttempts;
  readonly notificationOps: NotificationOperations;
}

export function notificationService(uc: NotificationUseCases): ServiceImpl<typeof NotificationAdminService> {
  return {
    async registerWebhook(req) {
      const endpoint = unwrap(await uc.registerWebhook.execute({ hotelId: req.hotelId, url: req.url, eventTypes: req.eventTypes, secret: req.secret }));
      return {
        webhook: { id: endpoint.id, hotelId: endpoint.hotelId, url: endpoint.url, eventTypes: [...endpoint.eventTypes], createTime: timestampFromDate(endpoint.createdAt) },
      };
    },
    async listWebhookDeliveries(req) {
      const attempts = unwrap(await uc.listWebhookAttempts.execute(req.hotelId, req.webhookId, req.limit || 100));
      return {
        deliveries: attempts.map((a) => ({
          eventId: a.eventId,
          eventType: a.eventType,
          attemptTime: timestampFromDate(a.at),
          statusCode: a.statusCode ?? 0,
          error: a.error ?? '',
          delivered: a.delivered,
        })),
      };
    },
    async getNotificationStatus() {
      const [lag, queues] = await Promise.all([uc.notificationOps.outboxLagMillis(), uc.notificationOps.queues()]);
      return {
        outboxLagMs: BigInt(Math.round(lag)),
        broker: uc.notificationOps.broker,
        queues: queues.map((q) => ({ queue: q.queue, messages: BigInt(q.messages), consumers: q.consumers, deadLetter: q.deadLetter })),
      };
    },
    async replayDeadLetters(req) {
      const replayed = await uc.notificationOps.replayDeadLetters(req.consumer, req.limit || 100);
      if (replayed === 'unsupported') throw new ConnectError('the in-process bus keeps no dead letters: dead events are logged (see docs/notifications.md)', Code.FailedPrecondition);
      return { replayed };
    },
  };
}
