import type { EntityManager } from '@mikro-orm/postgresql';
import type { NotificationEntry, NotificationLog } from '../../ports/notification-log.js';
import type { PiiProtector } from '../../ports/pii-protector.js';

const RECORD_SQL = `
insert into notifications (event_id, hotel_id, reservation_id, kind, recipient)
values (:eventId, :hotelId, :reservationId, :kind, :recipient)
on conflict (event_id) do nothing
returning event_id`;

/** Deduplicates on the event id: a redelivered event inserts nothing (and a concurrent one waits, then does nothing). */
export class PostgresNotificationLog implements NotificationLog {
  /** The recipient (a guest's email) is stored sealed by `pii`. */
  constructor(
    private readonly em: EntityManager,
    private readonly pii: PiiProtector,
  ) {}

  async recordOnce(entry: NotificationEntry): Promise<boolean> {
    const rows = await this.em.fork({ clear: true }).execute<unknown[]>(RECORD_SQL, { ...entry, recipient: this.pii.seal(entry.recipient) });
    return rows.length === 1;
  }
}
