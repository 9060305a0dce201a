import type { EntityManager } from '@mikro-orm/postgresql';
import type { NotificationEntry, NotificationLog } from '../../ports/notification-log.js';

const RECORD_SQL = `
insert into notifications (event_id, hotel_id, reservation_id, kind, recipient)
values (:eventId, :hotelId, :reservationId, :kind, :recipient)
on conflict (event_id) do nothing
returning event_id`;

/** Deduplicates on the event id: a redelivered event inserts nothing (and a concurrent one waits, then does nothing). */
export class PostgresNotificationLog implements NotificationLog {
  constructor(private readonly em: EntityManager) {}

  async recordOnce(entry: NotificationEntry): Promise<boolean> {
    const rows = await this.em.fork({ clear: true }).execute<unknown[]>(RECORD_SQL, { ...entry });
    return rows.length === 1;
  }
}
