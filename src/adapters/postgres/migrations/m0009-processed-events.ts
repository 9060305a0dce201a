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

    // Partner webhooks: endpoints per hotel (event types comma-separated), and every attempt made.
    this.addSql(`
      create table webhook_endpoints (
        hotel_id text not null,
        id text not null,
        url text not null,
        event_types text not null,
        secret text not null,
        created_at timestamptz not null default now(),
        primary key (hotel_id, id)
      )`);
    this.addSql(`
      create table webhook_attempts (
        hotel_id text not null,
        id bigserial,
        webhook_id text not null,
        event_id text not null,
        event_type text not null,
        attempted_at timestamptz not null default now(),
        status_code integer,
        error text,
        delivered boolean not null,
        primary key (hotel_id, id),
        foreign key (hotel_id, webhook_id) references webhook_endpoints (hotel_id, id)
      )`);
    this.addSql('create index webhook_attempts_webhook_idx on webhook_attempts (hotel_id, webhook_id, id)');
  }

  override down(): void {
    this.addSql('drop table webhook_attempts');
    this.addSql('drop table webhook_endpoints');
    this.addSql('drop table notification_deliveries');
    this.addSql('drop table processed_events');
  }
}
