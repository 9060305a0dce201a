import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { HttpWebhookSender } from '../adapters/notify/http-webhook-sender.js';
import { DnsWebhookUrlPolicy } from '../adapters/notify/webhook-url-policy.js';
import { RabbitMqEventBus } from '../adapters/messaging/rabbitmq-event-bus.js';
import { DeliverWebhooks, ListWebhookAttempts, RegisterWebhook } from '../core/notification/webhooks.js';
import type { Clock } from '../ports/clock.js';
import type { EventBus } from '../ports/event-bus.js';
import type { NotificationOperations } from '../ports/notification-operations.js';
import type { OutboxFeed } from '../ports/outbox-feed.js';
import type { UnitOfWork } from '../ports/unit-of-work.js';
import type { Config } from './config.js';

export interface NotificationWiringDeps {
  readonly uow: UnitOfWork;
  readonly bus: EventBus;
  readonly outbox: OutboxFeed;
  readonly clock: Clock;
  readonly log: Logger;
  readonly onOutcome?: (outcome: 'sent' | 'failed') => void;
}

/** Webhook use cases and the operations view of the pipeline, for NotificationAdminService. */
export function notificationUseCases(config: Config, deps: NotificationWiringDeps) {
  const urls = new DnsWebhookUrlPolicy(config.webhookAllowPrivate);
  const notificationOps: NotificationOperations = {
    broker: deps.bus instanceof RabbitMqEventBus ? 'rabbitmq' : 'in-process',
    outboxLagMillis: () => deps.outbox.lagMillis(deps.clock.now()),
    queues: async () => (deps.bus instanceof RabbitMqEventBus ? deps.bus.queueDepths() : []),
    replayDeadLetters: async (consumer, limit) => {
      if (!(deps.bus instanceof RabbitMqEventBus)) return 'unsupported';
      const replayed = await deps.bus.replayDeadLetters(consumer, limit);
      deps.log.info({ consumer, replayed }, 'dead letters replayed');
      return replayed;
    },
  };
  return {
    useCases: {
      registerWebhook: new RegisterWebhook({ uow: deps.uow, clock: deps.clock, newId: () => `whk_${randomUUID().replaceAll('-', '')}`, urls }),
      listWebhookAttempts: new ListWebhookAttempts({ uow: deps.uow }),
      notificationOps,
    },
    /** Subscribes the partner-webhook consumer (worker role); returns its stop step. */
    async startWebhookConsumer(): Promise<() => Promise<void>> {
      const sender = new HttpWebhookSender({ urls, ...(deps.onOutcome ? { onOutcome: deps.onOutcome } : {}) });
      const consumer = new DeliverWebhooks({ uow: deps.uow, sender, clock: deps.clock });
      const subscription = await deps.bus.subscribe(DeliverWebhooks.consumerName, DeliverWebhooks.eventTypes, (event) => consumer.handle(event));
      return () => subscription.close();
    },
  };
}
