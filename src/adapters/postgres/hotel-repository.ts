import type { EntityManager } from '@mikro-orm/postgresql';
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
 */
export class PostgresHotelRepository implements HotelRepository {
  constructor(private readonly em: EntityManager) {}

  async add(hotel: Hotel): Promise<void> {
    await this.em.insert(HotelSchema, hotelMapper.toRecord(hotel));
  }

  async get(hotelId: string): Promise<Hotel | undefined> {
    const record = await this.em.findOne(HotelSchema, { id: hotelId }, { disableIdentityMap: true });
    return record ? hotelMapper.toDomain(record) : undefined;
  }

  async addRoomType(roomType: RoomType): Promise<void> {
    await this.em.insert(RoomTypeSchema, roomTypeMapper.toRecord(roomType));
  }

  async getRoomType(hotelId: string, roomTypeId: string): Promise<RoomType | undefined> {
    const record = await this.em.findOne(RoomTypeSchema, { hotelId, id: roomTypeId }, { disableIdentityMap: true });
    return record ? roomTypeMapper.toDomain(record) : undefined;
  }

  async listRoomTypes(hotelId: string): Promise<RoomType[]> {
    const records = await this.em.find(RoomTypeSchema, { hotelId }, { disableIdentityMap: true, orderBy: { id: 'asc' } });
    return records.map(roomTypeMapper.toDomain);
  }
}
