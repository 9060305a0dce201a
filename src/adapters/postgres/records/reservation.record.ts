import { BigIntType, EntitySchema } from '@mikro-orm/core';

/** One row of `reservations`. Ids are globally unique; hotel_id leads the key for sharding. */
export interface ReservationRecord {
  hotelId: string;
  id: string;
  roomTypeId: string;
  /** YYYY-MM-DD. */
  checkIn: string;
  /** YYYY-MM-DD. */
  checkOut: string;
  guests: number;
  /** Sealed by the PiiProtector (legacy rows: plaintext until `npm run pii:rotate`). */
  guestName: string;
  /** Sealed by the PiiProtector (legacy rows: plaintext until `npm run pii:rotate`). */
  guestEmail: string;
  /** Blind index of the email (PiiProtector.emailIndex); null on legacy rows until rotated. */
  guestEmailIndex: string | null;
  status: string;
  totalMinor: number;
  currency: string;
  createdAt: Date;
  cancelledAt: Date | null;
  children: number;
  ratePlanId: string | null;
  /** The price breakdown locked at booking (night lines and totals, minor units). */
  price: StoredPrice | null;
  /** The cancellation terms locked at booking. */
  cancellationPolicy: StoredPolicy | null;
  cancellationPenaltyMinor: number | null;
  holdExpiresAt: Date | null;
}

export interface StoredPrice {
  nights: { date: string; beforeTax: number; vat: number; cityTax: number; afterTax: number }[];
}

export interface StoredPolicy {
  freeUntilHours: number | null;
  penalty: { kind: 'FIRST_NIGHT' } | { kind: 'FULL_STAY' } | { kind: 'PERCENT'; percent: number };
}

export const ReservationSchema = new EntitySchema<ReservationRecord>({
  name: 'ReservationRecord',
  tableName: 'reservations',
  uniques: [{ name: 'reservations_id_key', properties: ['id'] }],
  indexes: [
    { name: 'reservations_live_holds_idx', properties: ['holdExpiresAt'], expression: `create index "reservations_live_holds_idx" on "reservations" ("hold_expires_at") where status = 'HELD'` },
    { name: 'reservations_hotel_check_in_idx', properties: ['hotelId', 'checkIn', 'id'] },
    { name: 'reservations_guest_email_index_idx', properties: ['guestEmailIndex', 'createdAt', 'id'] },
    {
      name: 'reservations_legacy_guest_email_idx',
      properties: ['guestEmail', 'createdAt', 'id'],
      expression: `create index "reservations_legacy_guest_email_idx" on "reservations" ("guest_email", "created_at", "id") where guest_email_index is null`,
    },
  ],
  checks: [
    { name: 'reservations_stay_check', expression: 'check_in < check_out' },
    { name: 'reservations_children_check', expression: 'children >= 0' },
  ],
  properties: {
    hotelId: { type: 'text', fieldName: 'hotel_id', primary: true },
    id: { type: 'text', primary: true },
    roomTypeId: { type: 'text', fieldName: 'room_type_id' },
    checkIn: { type: 'date', fieldName: 'check_in' },
    checkOut: { type: 'date', fieldName: 'check_out' },
    guests: { type: 'integer' },
    guestName: { type: 'text', fieldName: 'guest_name' },
    guestEmail: { type: 'text', fieldName: 'guest_email' },
    guestEmailIndex: { type: 'text', fieldName: 'guest_email_index', nullable: true },
    status: { type: 'text' },
    totalMinor: { type: new BigIntType('number'), fieldName: 'total_minor' },
    currency: { type: 'text' },
    createdAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'created_at' },
    cancelledAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'cancelled_at', nullable: true },
    children: { type: 'integer', default: 0 },
    ratePlanId: { type: 'text', fieldName: 'rate_plan_id', nullable: true },
    price: { type: 'json', nullable: true },
    cancellationPolicy: { type: 'json', fieldName: 'cancellation_policy', nullable: true },
    cancellationPenaltyMinor: { type: new BigIntType('number'), fieldName: 'cancellation_penalty_minor', nullable: true },
    holdExpiresAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'hold_expires_at', nullable: true },
  },
});

/** One row of `reservation_revisions`: a reservation's change history, append-only. */
export interface ReservationRevisionRecord {
  hotelId: string;
  reservationId: string;
  number: number;
  at: Date;
  actor: string;
  kind: string;
  note: string;
}

export const ReservationRevisionSchema = new EntitySchema<ReservationRevisionRecord>({
  name: 'ReservationRevisionRecord',
  tableName: 'reservation_revisions',
  checks: [{ name: 'reservation_revisions_number_check', expression: 'number >= 1' }],
  properties: {
    hotelId: { type: 'text', fieldName: 'hotel_id', primary: true },
    reservationId: { type: 'text', fieldName: 'reservation_id', primary: true },
    number: { type: 'integer', primary: true },
    at: { type: 'datetime', columnType: 'timestamptz' },
    actor: { type: 'text' },
    kind: { type: 'text' },
    note: { type: 'text' },
  },
});
