import { isReservationEvent, type DomainEvent, type ReservationEvent } from '../events/domain-event.js';
import { ok } from '../shared/result.js';
import type { Mailer } from '../../ports/mailer.js';
import type { UnitOfWork } from '../../ports/unit-of-work.js';
import { EMAIL_EVENT_TYPES, renderReservationEmail, UnrenderableEmail, type EmailAudience, type EmailFacts } from './reservation-email.js';

export interface SendReservationEmailDeps {
  readonly uow: UnitOfWork;
  readonly mailer: Mailer;
  /** The front desk's address for a hotel (hotel-admin audience). */
  readonly hotelAdminEmail: (hotelId: string) => string;
}

export type EmailOutcome = 'sent' | 'duplicate' | 'not-applicable';

/**
 * Consumer of reservation events that emails one audience (the guest, or the hotel's front desk).
 *
 * Exactly one email per (consumer, event) as far as the database can promise: the claim on the
 * event, the send and the delivery record share one transaction. A redelivered event finds the
 * committed claim and sends nothing; a concurrent delivery waits on the claim; a failed send rolls
 * the claim back so the retry sends. The one gap: the process dying after the mail server took the
 * message and before the commit sends it again on redelivery (at least once, never zero).
 */
export class SendReservationEmail {
  /** One consumer (and queue) per audience. */
  static readonly consumerNames = { guest: 'guest-email', 'hotel-admin': 'hotel-admin-email' } as const;
  readonly consumerName: string;
  readonly eventTypes: readonly string[];

  constructor(
    private readonly audience: EmailAudience,
    private readonly deps: SendReservationEmailDeps,
  ) {
    this.consumerName = SendReservationEmail.consumerNames[audience];
    this.eventTypes = EMAIL_EVENT_TYPES[audience];
  }

  async handle(event: DomainEvent): Promise<EmailOutcome> {
    if (!isReservationEvent(event) || !this.eventTypes.includes(event.type)) return 'not-applicable';
    const facts = await this.factsOf(event);
    const rendered = renderReservationEmail(this.audience, facts);
    if (!rendered) return 'not-applicable';
    const to = this.audience === 'guest' ? event.payload.guestEmail : this.deps.hotelAdminEmail(event.hotelId);
    const result = await this.deps.uow.run(event.hotelId, async (scope) => {
      if (!(await scope.deliveries.claim(this.consumerName, event.id, event.hotelId))) return ok<EmailOutcome>('duplicate');
      const sent = await this.deps.mailer.send({ to, ...rendered, headers: { 'X-Hotel-Event-Id': event.id, 'X-Hotel-Event-Type': event.type } });
      await scope.deliveries.record({
        consumer: this.consumerName,
        eventId: event.id,
        hotelId: event.hotelId,
        channel: 'email',
        recipient: to,
        subject: rendered.subject,
        externalId: sent.messageId,
      });
      return ok<EmailOutcome>('sent');
    });
    return result.ok ? result.value : 'not-applicable';
  }

  /** Reads the hotel and the reservation's terms in their own short transaction (no locks held while mailing). */
  private async factsOf(event: ReservationEvent): Promise<EmailFacts> {
    const result = await this.deps.uow.run(event.hotelId, async (scope) => {
      const hotel = await scope.hotels.get(event.hotelId);
      const roomType = await scope.hotels.getRoomType(event.hotelId, event.payload.roomTypeId);
      const reservation = await scope.reservations.get(event.payload.reservationId);
      return ok({ hotel, roomType, reservation });
    });
    if (!result.ok) throw new UnrenderableEmail(`event ${event.id}: facts unreadable`);
    const { hotel, roomType, reservation } = result.value;
    if (!hotel) throw new UnrenderableEmail(`event ${event.id}: hotel ${event.hotelId} not found`);
    return {
      event,
      hotel,
      roomTypeName: roomType?.name ?? event.payload.roomTypeId,
      cancellationPolicy: reservation?.cancellationPolicy ?? null,
      cancellationPenaltyMinor: reservation?.cancellationPenalty?.amountMinor ?? null,
    };
  }
}
