import { PRINCIPAL } from '../access-policy.js';
import type { Identity } from '../../../core/access/identity.js';
import type { ServiceImpl } from '@connectrpc/connect';
import type { CreateHotel } from '../../../core/admin/create-hotel.js';
import type { CreateRoomType } from '../../../core/admin/create-room-type.js';
import type { DeleteHotel } from '../../../core/admin/delete-hotel.js';
import type { DeleteRoomType } from '../../../core/admin/delete-room-type.js';
import type { GetHotel } from '../../../core/admin/get-hotel.js';
import type { GetInventory } from '../../../core/admin/get-inventory.js';
import type { ListHotelReservations } from '../../../core/admin/list-hotel-reservations.js';
import type { ListHotels } from '../../../core/admin/list-hotels.js';
import type { SetInventory } from '../../../core/admin/set-inventory.js';
import type { UpdateHotel } from '../../../core/admin/update-hotel.js';
import type { UpdateRoomType } from '../../../core/admin/update-room-type.js';
import type { HotelChange } from '../../../core/hotel/hotel.js';
import type { RoomTypeChange } from '../../../core/hotel/room-type.js';
import type { ReservationStatus } from '../../../core/reservation/reservation.js';
import type { AdminService, UpdateHotelRequest, UpdateRoomTypeRequest } from '../../../gen/hotel/v1/admin_service_pb.js';
import { ReservationStatus as ReservationStatusMessage } from '../../../gen/hotel/v1/reservation_pb.js';
import { invalidArgumentError } from '../domain-errors.js';
import { hotelMessage, inventoryNightMessage, reservationMessage, roomTypeMessage, toSafeNumber } from '../messages.js';
import { unwrap } from '../results.js';

export interface AdminUseCases {
  readonly createHotel: CreateHotel;
  readonly createRoomType: CreateRoomType;
  readonly setInventory: SetInventory;
  readonly getInventory: GetInventory;
  readonly getHotel: GetHotel;
  readonly updateHotel: UpdateHotel;
  readonly deleteHotel: DeleteHotel;
  readonly listHotels: ListHotels;
  readonly updateRoomType: UpdateRoomType;
  readonly deleteRoomType: DeleteRoomType;
  readonly listHotelReservations: ListHotelReservations;
  readonly identity: Identity;
}

/** Everything of AdminService but the front desk (services/front-desk-handlers.ts). */
export function adminService(uc: AdminUseCases): Omit<ServiceImpl<typeof AdminService>, 'checkIn' | 'checkOut' | 'markNoShow'> {
  return {
    async createHotel(req, ctx) {
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
      // An admin who creates a hotel manages it; an operator's hotel waits for CreateAdminAccount.
      await uc.identity.bindCreatedHotel(ctx.values.get(PRINCIPAL), hotel.id);
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

    async getHotel(req) {
      const { hotel, roomTypes } = unwrap(await uc.getHotel.execute(req.hotelId));
      return { hotel: hotelMessage(hotel), roomTypes: roomTypes.map(roomTypeMessage) };
    },

    async updateHotel(req) {
      return { hotel: hotelMessage(unwrap(await uc.updateHotel.execute(req.hotelId, hotelChange(req)))) };
    },

    async deleteHotel(req) {
      return { hotel: hotelMessage(unwrap(await uc.deleteHotel.execute(req.hotelId))) };
    },

    async listHotels(req, ctx) {
      const principal = ctx.values.get(PRINCIPAL);
      const page = unwrap(
        await uc.listHotels.execute({ scope: principal.kind === 'admin' ? { kind: 'only', hotelIds: [...principal.hotelIds].sort() } : { kind: 'all' }, includeInactive: req.includeInactive, pageSize: req.pageSize, pageToken: req.pageToken }),
      );
      return { hotels: page.hotels.map(hotelMessage), nextPageToken: page.nextPageToken };
    },

    async updateRoomType(req) {
      return { roomType: roomTypeMessage(unwrap(await uc.updateRoomType.execute(req.hotelId, req.roomTypeId, roomTypeChange(req)))) };
    },

    async deleteRoomType(req) {
      return { roomType: roomTypeMessage(unwrap(await uc.deleteRoomType.execute(req.hotelId, req.roomTypeId))) };
    },

    async listHotelReservations(req) {
      const page = unwrap(
        await uc.listHotelReservations.execute({
          hotelId: req.hotelId,
          stayFrom: req.stayFrom,
          stayTo: req.stayTo,
          statuses: req.statuses.map((s, i) => {
            const status = STATUS_FILTER.get(s);
            if (!status) throw invalidArgumentError([{ field: `statuses[${i}]`, description: 'must be a reservation status' }]);
            return status;
          }),
          pageSize: req.pageSize,
          pageToken: req.pageToken,
        }),
      );
      return { reservations: page.reservations.map(reservationMessage), nextPageToken: page.nextPageToken };
    },
  };
}

// Only the fields the request sets: absent means "keep".
function hotelChange(req: UpdateHotelRequest): HotelChange {
  return {
    ...(req.name === undefined ? {} : { name: req.name }),
    ...(req.city === undefined ? {} : { city: req.city }),
    ...(req.countryCode === undefined ? {} : { countryCode: req.countryCode }),
    ...(req.location ? { location: { latitude: req.location.latitude, longitude: req.location.longitude } } : {}),
    ...(req.amenities ? { amenities: req.amenities.codes } : {}),
    ...(req.overbookingPercent === undefined ? {} : { overbookingPercent: req.overbookingPercent }),
  };
}

function roomTypeChange(req: UpdateRoomTypeRequest): RoomTypeChange {
  return {
    ...(req.name === undefined ? {} : { name: req.name }),
    ...(req.maxGuests === undefined ? {} : { maxGuests: req.maxGuests }),
    ...(req.amenities ? { amenities: req.amenities.codes } : {}),
  };
}

const STATUS_FILTER: ReadonlyMap<ReservationStatusMessage, ReservationStatus> = new Map([
  [ReservationStatusMessage.HELD, 'HELD'],
  [ReservationStatusMessage.CONFIRMED, 'CONFIRMED'],
  [ReservationStatusMessage.CANCELLED, 'CANCELLED'],
  [ReservationStatusMessage.CHECKED_IN, 'CHECKED_IN'],
  [ReservationStatusMessage.CHECKED_OUT, 'CHECKED_OUT'],
  [ReservationStatusMessage.NO_SHOW, 'NO_SHOW'],
  [ReservationStatusMessage.EXPIRED, 'EXPIRED'],
]);
