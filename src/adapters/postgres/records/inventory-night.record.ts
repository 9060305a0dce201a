import { BigIntType, EntitySchema } from '@mikro-orm/core';

/**
 * One row of `inventory`: a room type on one night. Written and read with raw SQL (the booking path
 * needs conditional multi-row statements); the schema documents the table and keeps the ORM aware of it.
 */
export interface InventoryNightRecord {
  hotelId: string;
  roomTypeId: string;
  /** YYYY-MM-DD. */
  night: string;
  totalRooms: number;
  reserved: number;
  priceMinor: number;
  currency: string;
  stopSell: boolean;
  closedToArrival: boolean;
  closedToDeparture: boolean;
  minStay: number | null;
  maxStay: number | null;
}

export const InventoryNightSchema = new EntitySchema<InventoryNightRecord>({
  name: 'InventoryNightRecord',
  tableName: 'inventory',
  checks: [
    { name: 'inventory_total_rooms_check', expression: 'total_rooms >= 0' },
    { name: 'inventory_reserved_check', expression: 'reserved >= 0' },
    { name: 'inventory_min_stay_check', expression: 'min_stay >= 1 and min_stay <= 366' },
    { name: 'inventory_max_stay_check', expression: 'max_stay >= 1 and max_stay <= 366' },
  ],
  properties: {
    hotelId: { type: 'text', fieldName: 'hotel_id', primary: true },
    roomTypeId: { type: 'text', fieldName: 'room_type_id', primary: true },
    night: { type: 'date', primary: true },
    totalRooms: { type: 'integer', fieldName: 'total_rooms' },
    reserved: { type: 'integer', default: 0 },
    priceMinor: { type: new BigIntType('number'), fieldName: 'price_minor' },
    currency: { type: 'text' },
    stopSell: { type: 'boolean', fieldName: 'stop_sell', default: false },
    closedToArrival: { type: 'boolean', fieldName: 'closed_to_arrival', default: false },
    closedToDeparture: { type: 'boolean', fieldName: 'closed_to_departure', default: false },
    minStay: { type: 'integer', fieldName: 'min_stay', nullable: true },
    maxStay: { type: 'integer', fieldName: 'max_stay', nullable: true },
  },
});

/** A raw `inventory` row as `em.execute` returns it (dates and bigints stay strings). */
export interface InventoryNightRow {
  hotel_id: string;
  room_type_id: string;
  night: string;
  total_rooms: number;
  reserved: number;
  price_minor: string | number;
  currency: string;
  stop_sell: boolean;
  closed_to_arrival: boolean;
  closed_to_departure: boolean;
  min_stay: number | null;
  max_stay: number | null;
}
