import type { Hotel } from '../core/hotel/hotel.js';
import type { RoomType } from '../core/hotel/room-type.js';

/** Hotels and their room types, inside a unit of work. */
export interface HotelRepository {
  add(hotel: Hotel): Promise<void>;
  get(hotelId: string): Promise<Hotel | undefined>;
  addRoomType(roomType: RoomType): Promise<void>;
  /** The room type only if it belongs to `hotelId`. */
  getRoomType(hotelId: string, roomTypeId: string): Promise<RoomType | undefined>;
  /** The hotel's room types, in a stable order. */
  listRoomTypes(hotelId: string): Promise<RoomType[]>;
}
