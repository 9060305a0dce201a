import { Migration } from '@mikro-orm/migrations';

/**
 * Idempotent consumers (issue 7): the events each consumer has processed, and what it delivered
 * for them (the effect record, written in the claim's transaction). Per hotel, so they live on the
 * hotel's shard and move with its bucket.
 */
export class M0009ProcessedEvents extends Migration {
  override up(): void {
    this.addSql(`
      create table processed_events (
        hotel_id text not null,
        consumer text not null,
        event_id text not null,
        processed_at timestamptz not null default now(),
        primary key (hotel_id, consumer, event_id)
      )`);
    this.addSql(`
      create table notification_deliveries (
        hotel_id text not null,
        consumer text not null,
        event_id text not null,
        channel text not null,
        recipient text not null,
        subject text not null,
        external_id text not null,
        delivered_at timestamptz not null default now(),
        primary key (hotel_id, consumer, event_id),
        foreign key (hotel_id, consumer, event_id) references processed_events (hotel_id, consumer, event_id)
      )`);
  }

  override down(): void {
    this.addSql('drop table notification_deliveries');
    this.addSql('drop table processed_events');
  }
}
