import { EntitySchema } from '@mikro-orm/core';

/** One row of `hotels`: the stored shape of a hotel, not the domain class. */
export interface HotelRecord {
  id: string;
  name: string;
  city: string;
  /** `city` trimmed and lower-cased: what city searches compare with. */
  cityKey: string;
  countryCode: string;
  latitude: number;
  longitude: number;
  timeZone: string;
  currency: string;
  amenities: string[];
  overbookingPercent: number;
  status: string;
  /** Set by the database on insert. */
  createdAt?: Date;
}

export const HotelSchema = new EntitySchema<HotelRecord>({
  name: 'HotelRecord',
  tableName: 'hotels',
  indexes: [
    { name: 'hotels_city_key_idx', properties: ['cityKey'] },
    { name: 'hotels_location_idx', properties: ['latitude', 'longitude'] },
    // Free text (migration m0008): trigram index on the accent-folded name.
    { name: 'hotels_name_trgm_idx', expression: 'create index "hotels_name_trgm_idx" on "hotels" using gin (hotel_text_fold(name) gin_trgm_ops)' },
  ],
  checks: [{ name: 'hotels_overbooking_percent_check', expression: 'overbooking_percent >= 0' }],
  properties: {
    id: { type: 'text', primary: true },
    name: { type: 'text' },
    city: { type: 'text' },
    cityKey: { type: 'text', fieldName: 'city_key' },
    countryCode: { type: 'text', fieldName: 'country_code' },
    latitude: { type: 'double', runtimeType: 'number' },
    longitude: { type: 'double', runtimeType: 'number' },
    timeZone: { type: 'text', fieldName: 'time_zone' },
    currency: { type: 'text' },
    amenities: { type: 'string[]', columnType: 'text[]', defaultRaw: `'{}'` },
    overbookingPercent: { type: 'integer', fieldName: 'overbooking_percent' },
    status: { type: 'text' },
    createdAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'created_at', defaultRaw: 'now()', nullable: false },
  },
});
