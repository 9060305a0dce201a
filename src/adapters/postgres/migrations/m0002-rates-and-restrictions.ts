import { Migration } from '@mikro-orm/migrations';

/**
 * Domain depth: sell restrictions per night, rate plans with nightly occupancy prices, and the
 * price breakdown and cancellation terms a reservation locks in when it is booked.
 */
export class M0002RatesAndRestrictions extends Migration {
  override up(): void {
    this.addSql(`
      alter table inventory
        add column stop_sell boolean not null default false,
        add column closed_to_arrival boolean not null default false,
        add column closed_to_departure boolean not null default false,
        add column min_stay integer check (min_stay between 1 and 366),
        add column max_stay integer check (max_stay between 1 and 366)`);

    this.addSql(`
      create table rate_plans (
        hotel_id text not null,
        id text not null,
        room_type_id text not null,
        name text not null,
        meal_plan text not null,
        refundable boolean not null,
        free_until_hours integer,
        penalty_kind text not null,
        penalty_percent integer,
        vat_basis_points integer not null,
        city_tax_minor bigint not null,
        created_at timestamptz not null default now(),
        primary key (hotel_id, id),
        foreign key (hotel_id, room_type_id) references room_types (hotel_id, id)
      )`);
    this.addSql('create index rate_plans_room_type_idx on rate_plans (hotel_id, room_type_id)');

    this.addSql(`
      create table rate_prices (
        hotel_id text not null,
        rate_plan_id text not null,
        night date not null,
        prices_by_adults_minor bigint[] not null check (cardinality(prices_by_adults_minor) between 1 and 20),
        extra_child_minor bigint not null check (extra_child_minor >= 0),
        primary key (hotel_id, rate_plan_id, night),
        foreign key (hotel_id, rate_plan_id) references rate_plans (hotel_id, id)
      )`);

    this.addSql(`
      alter table reservations
        add column children integer not null default 0 check (children >= 0),
        add column rate_plan_id text,
        add column price jsonb,
        add column cancellation_policy jsonb,
        add column cancellation_penalty_minor bigint`);
  }

  override down(): void {
    this.addSql(`alter table reservations drop column children, drop column rate_plan_id, drop column price,
                 drop column cancellation_policy, drop column cancellation_penalty_minor`);
    this.addSql('drop table rate_prices');
    this.addSql('drop table rate_plans');
    this.addSql(`alter table inventory drop column stop_sell, drop column closed_to_arrival, drop column closed_to_departure,
                 drop column min_stay, drop column max_stay`);
  }
}
