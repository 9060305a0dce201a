import { EntitySchema } from '@mikro-orm/core';

/** One row of `room_types`, keyed by (hotel_id, id) like every per-hotel table. */
export interface RoomTypeRecord {
  hotelId: string;
  id: string;
  name: string;
  maxGuests: number;
  amenities: string[];
  /** False once deleted: kept for history, never sold. */
  active: boolean;
}

export const RoomTypeSchema = new EntitySchema<RoomTypeRecord>({
  name: 'RoomTypeRecord',
  tableName: 'room_types',
  checks: [{ name: 'room_types_max_guests_check', expression: 'max_guests >= 1' }],
  properties: {
    hotelId: { type: 'text', fieldName: 'hotel_id', primary: true },
    id: { type: 'text', primary: true },
    name: { type: 'text' },
    maxGuests: { type: 'integer', fieldName: 'max_guests' },
    amenities: { type: 'string[]', columnType: 'text[]', defaultRaw: `'{}'` },
    active: { type: 'boolean', default: true },
  },
});
