import { Migration } from '@mikro-orm/migrations';

/** The reservation lifecycle: holds that lapse, and the revision history of every reservation. */
export class M0005ReservationLifecycle extends Migration {
  override up(): void {
    this.addSql('alter table reservations add column hold_expires_at timestamptz');
    // The hold sweeper looks only at live holds: keep its index as small as they are few.
    this.addSql(`create index reservations_live_holds_idx on reservations (hold_expires_at) where status = 'HELD'`);
    // ListHotelReservations pages through a hotel's reservations by arrival.
    this.addSql('create index reservations_hotel_check_in_idx on reservations (hotel_id, check_in, id)');
    this.addSql(`
      create table reservation_revisions (
        hotel_id text not null,
        reservation_id text not null,
        number integer not null check (number >= 1),
        at timestamptz not null,
        actor text not null,
        kind text not null,
        note text not null,
        primary key (hotel_id, reservation_id, number),
        foreign key (hotel_id, reservation_id) references reservations (hotel_id, id)
      )`);
  }

  override down(): void {
    this.addSql('drop table reservation_revisions');
    this.addSql('drop index reservations_hotel_check_in_idx');
    this.addSql('drop index reservations_live_holds_idx');
    this.addSql('alter table reservations drop column hold_expires_at');
  }
}
