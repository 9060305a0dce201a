import { Migration } from '@mikro-orm/migrations';

/**
 * Accounts and OAuth2 clients (issue 8). Global, not per hotel: with several shards they live on
 * the first shard of the map (the "accounts shard") and do not move with buckets. Personal data is
 * stored sealed by the PiiProtector (name, email, phone) and looked up by a keyed hash of the email.
 */
export class M0012Accounts extends Migration {
  override up(): void {
    this.addSql(`
      create table accounts (
        id text primary key,
        role text not null check (role in ('guest', 'admin')),
        email_index text not null,
        email_sealed text not null,
        name_sealed text not null,
        phone_sealed text not null,
        preferences jsonb not null,
        password_hash text not null,
        token_version integer not null default 0,
        failed_sign_ins integer not null default 0,
        locked_until timestamptz,
        created_at timestamptz not null,
        erased_at timestamptz
      )`);
    // One live account per email; erased accounts keep their row (tokens die, ids are never reused).
    this.addSql('create unique index accounts_live_email on accounts (email_index) where erased_at is null');
    this.addSql(`
      create table account_hotels (
        account_id text not null references accounts (id),
        hotel_id text not null,
        primary key (account_id, hotel_id)
      )`);
    this.addSql(`
      create table api_clients (
        client_id text primary key,
        name text not null,
        role text not null check (role in ('partner', 'operator')),
        secret_hash text not null,
        scopes text[] not null,
        created_at timestamptz not null
      )`);
    this.addSql(`
      create table client_hotels (
        client_id text not null references api_clients (client_id),
        hotel_id text not null,
        primary key (client_id, hotel_id)
      )`);
  }

  override down(): void {
    this.addSql('drop table client_hotels');
    this.addSql('drop table api_clients');
    this.addSql('drop table account_hotels');
    this.addSql('drop table accounts');
  }
}
