import type { Hotel } from '../core/hotel/hotel.js';
import type { RoomType } from '../core/hotel/room-type.js';

/**
 * Hotels and their room types, inside a unit of work. Inactive (deleted) ones are returned too:
 * the history of their reservations needs them; callers that sell check `isActive` / `active`.
 *
 * Locking: `get` and `getRoomType` hold a shared lock until the unit of work ends, and the
 * `...ForUpdate` reads an exclusive one. So a deletion (which reads for update, counts upcoming
 * reservations, then deactivates) and a booking (which reads, then reserves) of the same hotel or
 * room type never interleave: the booking either commits before the count or sees the deactivation.
 */
export interface HotelRepository {
  add(hotel: Hotel): Promise<void>;
  get(hotelId: string): Promise<Hotel | undefined>;
  /** Like `get`, locked against concurrent bookings and changes of the hotel until the unit of work ends. */
  getForUpdate(hotelId: string): Promise<Hotel | undefined>;
  /** Stores a new state of an existing hotel. */
  update(hotel: Hotel): Promise<void>;
  addRoomType(roomType: RoomType): Promise<void>;
  /** The room type only if it belongs to `hotelId`. */
  getRoomType(hotelId: string, roomTypeId: string): Promise<RoomType | undefined>;
  /** Like `getRoomType`, locked against concurrent bookings and changes of the room type until the unit of work ends. */
  getRoomTypeForUpdate(hotelId: string, roomTypeId: string): Promise<RoomType | undefined>;
  /** Stores a new state of an existing room type. */
  updateRoomType(roomType: RoomType): Promise<void>;
  /** The hotel's room types, inactive ones included, in a stable order. */
  listRoomTypes(hotelId: string): Promise<RoomType[]>;
}
