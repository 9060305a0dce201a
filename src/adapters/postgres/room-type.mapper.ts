import { RoomType } from '../../core/hotel/room-type.js';
import type { RoomTypeRecord } from './records/room-type.record.js';

export function toRecord(roomType: RoomType): RoomTypeRecord {
  return {
    hotelId: roomType.hotelId,
    id: roomType.id,
    name: roomType.name,
    maxGuests: roomType.maxGuests,
    amenities: [...roomType.amenities],
    active: roomType.active,
  };
}

export function toDomain(record: RoomTypeRecord): RoomType {
  return RoomType.rehydrate({
    id: record.id,
    hotelId: record.hotelId,
    name: record.name,
    maxGuests: record.maxGuests,
    amenities: [...record.amenities],
    active: record.active,
  });
}
