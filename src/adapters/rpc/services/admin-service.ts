import type { ServiceImpl } from '@connectrpc/connect';
import type { CreateHotel } from '../../../core/admin/create-hotel.js';
import type { CreateRoomType } from '../../../core/admin/create-room-type.js';
import type { GetInventory } from '../../../core/admin/get-inventory.js';
import type { SetInventory } from '../../../core/admin/set-inventory.js';
import type { AdminService } from '../../../gen/hotel/v1/admin_service_pb.js';
import { hotelMessage, inventoryNightMessage, roomTypeMessage, toSafeNumber } from '../messages.js';
import { unwrap } from '../results.js';

export interface AdminUseCases {
  readonly createHotel: CreateHotel;
  readonly createRoomType: CreateRoomType;
  readonly setInventory: SetInventory;
  readonly getInventory: GetInventory;
}

export function adminService(uc: AdminUseCases): ServiceImpl<typeof AdminService> {
  return {
    async createHotel(req) {
      const hotel = unwrap(
        await uc.createHotel.execute({
          name: req.name,
          city: req.city,
          countryCode: req.countryCode,
          location: { latitude: req.latitude, longitude: req.longitude },
          timeZone: req.timeZone,
          currency: req.currencyCode,
          amenities: req.amenities,
          overbookingPercent: req.overbookingPercent,
        }),
      );
      return { hotel: hotelMessage(hotel) };
    },

    async createRoomType(req) {
      const roomType = unwrap(
        await uc.createRoomType.execute({ hotelId: req.hotelId, name: req.name, maxGuests: req.maxGuests, amenities: req.amenities }),
      );
      return { roomType: roomTypeMessage(roomType) };
    },

    async setInventory(req) {
      const nightsUpdated = unwrap(
        await uc.setInventory.execute({
          hotelId: req.hotelId,
          roomTypeId: req.roomTypeId,
          from: req.from,
          to: req.to,
          totalRooms: req.totalRooms,
          nightlyPriceMinor: toSafeNumber(req.nightlyPriceMinor),
        }),
      );
      return { nightsUpdated };
    },

    async getInventory(req) {
      const nights = unwrap(await uc.getInventory.execute(req.hotelId, req.roomTypeId, req.from, req.to));
      return { nights: nights.map(inventoryNightMessage) };
    },
  };
}
