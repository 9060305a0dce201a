import { create } from '@bufbuild/protobuf';
import type { Hotel } from '../../core/hotel/hotel.js';
import type { RoomType } from '../../core/hotel/room-type.js';
import type { InventoryNight } from '../../core/inventory/inventory-night.js';
import type { Money } from '../../core/money/money.js';
import type { Reservation, ReservationStatus } from '../../core/reservation/reservation.js';
import { InventoryNightSchema, type InventoryNight as InventoryNightMessage } from '../../gen/hotel/v1/admin_service_pb.js';
import { MoneySchema, type Money as MoneyMessage } from '../../gen/hotel/v1/common_pb.js';
import { HotelSchema, RoomTypeSchema, type Hotel as HotelMessage, type RoomType as RoomTypeMessage } from '../../gen/hotel/v1/hotel_pb.js';
import {
  ReservationSchema,
  ReservationStatus as ReservationStatusMessage,
  type Reservation as ReservationMessage,
} from '../../gen/hotel/v1/reservation_pb.js';

// Domain -> proto. Requests are mapped in the service handlers, next to the use case they call.

export const moneyMessage = (money: Money): MoneyMessage =>
  create(MoneySchema, { currencyCode: money.currency, amountMinor: BigInt(money.amountMinor) });

export const hotelMessage = (hotel: Hotel): HotelMessage =>
  create(HotelSchema, {
    id: hotel.id,
    name: hotel.name,
    city: hotel.city,
    countryCode: hotel.countryCode,
    location: { latitude: hotel.location.latitude, longitude: hotel.location.longitude },
    timeZone: hotel.timeZone,
    currencyCode: hotel.currency,
    amenities: [...hotel.amenities],
    overbookingPercent: hotel.overbookingPercent,
  });

export const roomTypeMessage = (roomType: RoomType): RoomTypeMessage =>
  create(RoomTypeSchema, {
    id: roomType.id,
    hotelId: roomType.hotelId,
    name: roomType.name,
    maxGuests: roomType.maxGuests,
    amenities: [...roomType.amenities],
  });

const STATUS: Record<ReservationStatus, ReservationStatusMessage> = {
  CONFIRMED: ReservationStatusMessage.CONFIRMED,
  CANCELLED: ReservationStatusMessage.CANCELLED,
};

export const reservationMessage = (r: Reservation): ReservationMessage =>
  create(ReservationSchema, {
    id: r.id,
    hotelId: r.hotelId,
    roomTypeId: r.roomTypeId,
    checkIn: r.stay.checkIn.toString(),
    checkOut: r.stay.checkOut.toString(),
    guests: r.guests,
    guestName: r.guest.name,
    guestEmail: r.guest.email,
    status: STATUS[r.status],
    totalPrice: moneyMessage(r.totalPrice),
    createdAt: r.createdAt.toISOString(),
    cancelledAt: r.cancelledAt?.toISOString() ?? '',
  });

export const inventoryNightMessage = (n: InventoryNight): InventoryNightMessage =>
  create(InventoryNightSchema, {
    date: n.date.toString(),
    totalRooms: n.totalRooms,
    reserved: n.reserved,
    price: moneyMessage(n.price),
  });

/** int64 fields arrive as bigint; amounts beyond 2^53 cannot be meant and fail validation as NaN. */
export const toSafeNumber = (value: bigint): number =>
  value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : Number.NaN;
