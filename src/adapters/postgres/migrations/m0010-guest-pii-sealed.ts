import { Migration } from '@mikro-orm/migrations';

/**
 * Guest personal data at rest (issue 8): `guest_name` and `guest_email` now hold values sealed by the
 * PiiProtector (AES-256-GCM, `pii1.<keyId>.<...>`), which SQL cannot compare, so a guest's
 * reservations are found by `guest_email_index`, an HMAC blind index of the normalised email.
 *
 * Rows written before this migration keep their plaintext and a null index until `npm run pii:rotate`
 * seals them (the database cannot compute the HMAC: its key is not in the database). Until then the
 * guest listing finds them by plaintext email through a partial index that only covers such rows, and
 * shrinks to nothing once they are sealed. The old full index on the plaintext column goes.
 */
export class M0010GuestPiiSealed extends Migration {
  override up(): void {
    this.addSql('alter table reservations add column guest_email_index text');
    this.addSql('create index reservations_guest_email_index_idx on reservations (guest_email_index, created_at, id)');
    this.addSql('create index reservations_legacy_guest_email_idx on reservations (guest_email, created_at, id) where guest_email_index is null');
    this.addSql('drop index if exists reservations_guest_email_created_idx');
  }

  override down(): void {
    this.addSql('create index if not exists reservations_guest_email_created_idx on reservations (guest_email, created_at, id)');
    this.addSql('drop index reservations_legacy_guest_email_idx');
    this.addSql('drop index reservations_guest_email_index_idx');
    this.addSql('alter table reservations drop column guest_email_index');
  }
}
