import { isReservationEvent, type DomainEvent } from '../events/domain-event.js';
import type { NotificationEntry, NotificationLog } from '../../ports/notification-log.js';

const KIND_BY_EVENT: Partial<Record<DomainEvent['type'], NotificationEntry['kind']>> = {
  'reservation.confirmed': 'booking_confirmation',
  'reservation.cancelled': 'cancellation_confirmation',
};

/**
 * Consumer of reservation events: records the guest notification each one calls for, once per
 * event id however often the event is delivered. (Sending email is a later adapter's job.)
 */
export class RecordGuestNotification {
  static readonly consumerName = 'guest-notifications';
  static readonly eventTypes = Object.keys(KIND_BY_EVENT) as DomainEvent['type'][];

  constructor(private readonly log: NotificationLog) {}

  async handle(event: DomainEvent): Promise<void> {
    const kind = KIND_BY_EVENT[event.type];
    if (!kind || !isReservationEvent(event)) return;
    await this.log.recordOnce({
      eventId: event.id,
      hotelId: event.hotelId,
      reservationId: event.payload.reservationId,
      kind,
      recipient: event.payload.guestEmail,
    });
  }
}
