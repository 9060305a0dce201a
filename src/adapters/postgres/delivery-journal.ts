import type { EntityManager } from '@mikro-orm/postgresql';
import type { DeliveryJournal, DeliveryRecord } from '../../ports/delivery-journal.js';
import type { PiiProtector } from '../../ports/pii-protector.js';

// A concurrent transaction inserting the same key makes this one wait on the unique index until it
// ends: its commit turns this insert into "do nothing", its rollback lets this one through.
const CLAIM_SQL = `
insert into processed_events (hotel_id, consumer, event_id) values (?, ?, ?)
on conflict (hotel_id, consumer, event_id) do nothing
returning event_id`;

const RECORD_SQL = `
insert into notification_deliveries (hotel_id, consumer, event_id, channel, recipient, subject, external_id)
values (?, ?, ?, ?, ?, ?, ?)`;

/**
 * The processed-event table and the delivery log, in the caller's transaction. A delivery's
 * recipient (the guest's address) and subject (the front desk's names the guest) are stored sealed.
 */
export class PostgresDeliveryJournal implements DeliveryJournal {
  constructor(
    private readonly em: EntityManager,
    private readonly pii: PiiProtector,
  ) {}

  async claim(consumer: string, eventId: string, hotelId: string): Promise<boolean> {
    const rows = await this.em.execute<unknown[]>(CLAIM_SQL, [hotelId, consumer, eventId]);
    return rows.length === 1;
  }

  async record(d: DeliveryRecord): Promise<void> {
    await this.em.execute(RECORD_SQL, [d.hotelId, d.consumer, d.eventId, d.channel, this.pii.seal(d.recipient), this.pii.seal(d.subject), d.externalId], 'run');
  }
}
