import { Migration } from '@mikro-orm/migrations';

/**
 * The walking skeleton's schema. Every per-hotel table leads its primary key with hotel_id, so all
 * rows of a booking live together when the tables are split by hotel (our shard router or Citus).
 */
export class M0001InitialSchema extends Migration {
  override up(): void {
    this.addSql(`
      create table hotels (
        id text primary key,
        name text not null,
        city text not null,
        city_key text not null,
        country_code text not null,
        latitude double precision not null,
        longitude double precision not null,
        time_zone text not null,
        currency text not null,
        amenities text[] not null default '{}',
        overbooking_percent integer not null constraint hotels_overbooking_percent_check check (overbooking_percent >= 0),
        status text not null,
        created_at timestamptz not null default now()
      )`);
    this.addSql('create index hotels_city_key_idx on hotels (city_key)');
    this.addSql('create index hotels_location_idx on hotels (latitude, longitude)');

    this.addSql(`
      create table room_types (
        hotel_id text not null references hotels (id),
        id text not null,
        name text not null,
        max_guests integer not null check (max_guests >= 1),
        amenities text[] not null default '{}',
        primary key (hotel_id, id)
      )`);

    this.addSql(`
      create table inventory (
        hotel_id text not null,
        room_type_id text not null,
        night date not null,
        total_rooms integer not null check (total_rooms >= 0),
        reserved integer not null default 0 check (reserved >= 0),
        price_minor bigint not null,
        currency text not null,
        primary key (hotel_id, room_type_id, night),
        foreign key (hotel_id, room_type_id) references room_types (hotel_id, id)
      )`);

    this.addSql(`
      create table reservations (
        hotel_id text not null,
        id text not null,
        room_type_id text not null,
        check_in date not null,
        check_out date not null,
        guests integer not null,
        guest_name text not null,
        guest_email text not null,
        status text not null,
        total_minor bigint not null,
        currency text not null,
        created_at timestamptz not null,
        cancelled_at timestamptz,
        primary key (hotel_id, id),
        constraint reservations_id_key unique (id),
        foreign key (hotel_id, room_type_id) references room_types (hotel_id, id),
        constraint reservations_stay_check check (check_in < check_out)
      )`);

    this.addSql(`
      create table idempotency_keys (
        scope text not null,
        key text not null,
        fingerprint_sha256 bytea not null,
        resource_id text not null,
        created_at timestamptz not null default now(),
        primary key (scope, key)
      )`);

    this.addSql(`
      create table outbox (
        hotel_id text not null,
        id bigserial,
        event_id text not null,
        type text not null,
        aggregate_id text not null,
        occurred_at timestamptz not null,
        payload jsonb not null,
        sent_at timestamptz,
        primary key (hotel_id, id),
        constraint outbox_event_id_key unique (event_id)
      )`);
    // The relay only ever looks at unsent rows: keep that index as small as the backlog.
    this.addSql('create index outbox_unsent_idx on outbox (id) where sent_at is null');

    this.addSql(`
      create table notifications (
        event_id text primary key,
        hotel_id text not null,
        reservation_id text not null,
        kind text not null,
        recipient text not null,
        created_at timestamptz not null default now()
      )`);
  }

  override down(): void {
    for (const table of ['notifications', 'outbox', 'idempotency_keys', 'reservations', 'inventory', 'room_types', 'hotels']) {
      this.addSql(`drop table if exists ${table}`);
    }
  }
}
