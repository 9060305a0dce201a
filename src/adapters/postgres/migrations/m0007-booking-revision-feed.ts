import { Migration } from '@mikro-orm/migrations';

/**
 * The partner booking feed: one row per reservation event a partner is told about, numbered per
 * hotel without gaps (the head row is the per-hotel counter, locked by each append), deduplicated
 * by event id (the outbox delivers at least once). Both tables lead with hotel_id: they live and
 * move with the hotel's other rows.
 */
export class M0007BookingRevisionFeed extends Migration {
  override up(): void {
    this.addSql(`
      create table booking_revision_heads (
        hotel_id text primary key,
        last_sequence bigint not null check (last_sequence >= 0)
      )`);
    this.addSql(`
      create table booking_revisions (
        hotel_id text not null,
        sequence bigint not null check (sequence >= 1),
        event_id text not null,
        kind text not null,
        reservation_id text not null,
        snapshot jsonb not null,
        occurred_at timestamptz not null,
        recorded_at timestamptz not null default now(),
        acknowledged_at timestamptz,
        primary key (hotel_id, sequence),
        constraint booking_revisions_event_id_key unique (event_id)
      )`);
    // Partners page through what they have not acknowledged yet: keep that index as small as the backlog.
    this.addSql('create index booking_revisions_unacknowledged_idx on booking_revisions (hotel_id, sequence) where acknowledged_at is null');
  }

  override down(): void {
    this.addSql('drop table booking_revisions');
    this.addSql('drop table booking_revision_heads');
  }
}
