import type { Logger } from 'pino';
import { NodemailerMailer } from '../adapters/notify/nodemailer-mailer.js';
import { SendReservationEmail } from '../core/notification/send-reservation-email.js';
import type { EventBus, Subscription } from '../ports/event-bus.js';
import type { UnitOfWork } from '../ports/unit-of-work.js';
import type { Config } from './config.js';

export interface EmailConsumerDeps {
  readonly uow: UnitOfWork;
  readonly bus: EventBus;
  readonly log: Logger;
  readonly onOutcome?: (outcome: 'sent' | 'failed') => void;
}

/**
 * Subscribes the guest and hotel-admin email consumers (one queue each) and returns their stop
 * step: subscriptions first, then the mail transport.
 */
export async function startEmailConsumers(config: Config, deps: EmailConsumerDeps): Promise<() => Promise<void>> {
  const mailer = new NodemailerMailer({
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    fallbackFile: config.mailFile,
    ...(deps.onOutcome ? { onOutcome: deps.onOutcome } : {}),
  });
  deps.log.info({ transport: mailer.description }, 'notification emails');
  const hotelAdminEmail = (hotelId: string) => config.hotelAdminEmail.replaceAll('{hotelId}', hotelId);
  const subscriptions: Subscription[] = [];
  try {
    for (const audience of ['guest', 'hotel-admin'] as const) {
      const consumer = new SendReservationEmail(audience, { uow: deps.uow, mailer, hotelAdminEmail });
      subscriptions.push(
        await deps.bus.subscribe(consumer.consumerName, consumer.eventTypes, async (event) => {
          const outcome = await consumer.handle(event);
          if (outcome === 'duplicate') deps.log.info({ eventId: event.id, consumer: consumer.consumerName }, 'email already sent for this event; skipped');
        }),
      );
    }
  } catch (error) {
    await Promise.allSettled(subscriptions.map((s) => s.close()));
    mailer.close();
    throw error;
  }
  return async () => {
    await Promise.allSettled(subscriptions.map((s) => s.close()));
    mailer.close();
  };
}
