import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import type { Hotel } from '../../core/hotel/hotel.js';
import type { RoomType } from '../../core/hotel/room-type.js';
import type { HotelRepository } from '../../ports/hotel-repository.js';
import * as hotelMapper from './hotel.mapper.js';
import { HotelSchema } from './records/hotel.record.js';
import { RoomTypeSchema } from './records/room-type.record.js';
import * as roomTypeMapper from './room-type.mapper.js';

/**
 * Hotels and room types through the ORM: native inserts and loads that bypass the identity map, so
 * nothing is tracked and the commit-time flush has nothing to write behind the SQL already sent.
 *
 * Single reads take FOR SHARE (compatible with each other, so bookings of one hotel never queue
 * behind one another) and the `...ForUpdate` reads FOR UPDATE: a deletion and a booking of the same
 * hotel or room type are serialised, as the port promises.
 */
export class PostgresHotelRepository implements HotelRepository {
  constructor(private readonly em: EntityManager) {}

  async add(hotel: Hotel): Promise<void> {
    await this.em.insert(HotelSchema, hotelMapper.toRecord(hotel));
  }

  get(hotelId: string): Promise<Hotel | undefined> {
    return this.findHotel(hotelId, LockMode.PESSIMISTIC_READ);
  }

  getForUpdate(hotelId: string): Promise<Hotel | undefined> {
    return this.findHotel(hotelId, LockMode.PESSIMISTIC_WRITE);
  }

  async update(hotel: Hotel): Promise<void> {
    const { id, ...changes } = hotelMapper.toRecord(hotel);
    const updated = await this.em.nativeUpdate(HotelSchema, { id }, changes);
    if (updated !== 1) throw new Error(`hotel ${id} does not exist`);
  }

  async addRoomType(roomType: RoomType): Promise<void> {
    await this.em.insert(RoomTypeSchema, roomTypeMapper.toRecord(roomType));
  }

  getRoomType(hotelId: string, roomTypeId: string): Promise<RoomType | undefined> {
    return this.findRoomType(hotelId, roomTypeId, LockMode.PESSIMISTIC_READ);
  }

  getRoomTypeForUpdate(hotelId: string, roomTypeId: string): Promise<RoomType | undefined> {
    return this.findRoomType(hotelId, roomTypeId, LockMode.PESSIMISTIC_WRITE);
  }

  async updateRoomType(roomType: RoomType): Promise<void> {
    const { hotelId, id, ...changes } = roomTypeMapper.toRecord(roomType);
    const updated = await this.em.nativeUpdate(RoomTypeSchema, { hotelId, id }, changes);
    if (updated !== 1) throw new Error(`room type ${id} of hotel ${hotelId} does not exist`);
  }

  async listRoomTypes(hotelId: string): Promise<RoomType[]> {
    const records = await this.em.find(RoomTypeSchema, { hotelId }, { disableIdentityMap: true, orderBy: { id: 'asc' } });
    return records.map(roomTypeMapper.toDomain);
  }

  private async findHotel(hotelId: string, lockMode: LockMode): Promise<Hotel | undefined> {
    const record = await this.em.findOne(HotelSchema, { id: hotelId }, { disableIdentityMap: true, lockMode });
    return record ? hotelMapper.toDomain(record) : undefined;
  }

  private async findRoomType(hotelId: string, roomTypeId: string, lockMode: LockMode): Promise<RoomType | undefined> {
    const record = await this.em.findOne(RoomTypeSchema, { hotelId, id: roomTypeId }, { disableIdentityMap: true, lockMode });
    return record ? roomTypeMapper.toDomain(record) : undefined;
  }
}
