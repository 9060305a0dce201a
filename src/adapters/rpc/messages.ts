import { create } from '@bufbuild/protobuf';
import type { Hotel } from '../../core/hotel/hotel.js';
import type { RoomType } from '../../core/hotel/room-type.js';
import type { InventoryNight } from '../../core/inventory/inventory-night.js';
import { Money } from '../../core/money/money.js';
import type { Reservation, ReservationStatus } from '../../core/reservation/reservation.js';
import { describePolicy } from '../../core/rates/cancellation.js';
import type { PriceBreakdown } from '../../core/rates/pricing.js';
import type { CancellationPolicy, MealPlan, RatePlan } from '../../core/rates/rate-plan.js';
import {
  CancellationPolicySchema,
  MealPlan as MealPlanMessage,
  PenaltyKind,
  PriceBreakdownSchema,
  RatePlanSchema,
  type CancellationPolicy as CancellationPolicyMessage,
  type PriceBreakdown as PriceBreakdownMessage,
  type RatePlan as RatePlanMessage,
} from '../../gen/hotel/v1/rates_pb.js';
import { InventoryNightSchema, type InventoryNight as InventoryNightMessage } from '../../gen/hotel/v1/admin_service_pb.js';
import { MoneySchema, type Money as MoneyMessage } from '../../gen/hotel/v1/common_pb.js';
import {
  HotelSchema,
  HotelStatus as HotelStatusMessage,
  RoomTypeSchema,
  type Hotel as HotelMessage,
  type RoomType as RoomTypeMessage,
} from '../../gen/hotel/v1/hotel_pb.js';
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
    status: hotel.isActive ? HotelStatusMessage.ACTIVE : HotelStatusMessage.INACTIVE,
  });

/**
 * `toMessage` remembered per domain object, for read paths that serve the same immutable objects
 * over and over (search, whose candidates come from a cache): the message is built once, not on
 * every answer. The messages are shared: callers must not change them.
 */
export function memoizedPerObject<T extends object, M>(toMessage: (value: T) => M): (value: T) => M {
  const made = new WeakMap<T, M>();
  return (value) => {
    let message = made.get(value);
    if (message === undefined) made.set(value, (message = toMessage(value)));
    return message;
  };
}

export const roomTypeMessage = (roomType: RoomType): RoomTypeMessage =>
  create(RoomTypeSchema, {
    id: roomType.id,
    hotelId: roomType.hotelId,
    name: roomType.name,
    maxGuests: roomType.maxGuests,
    amenities: [...roomType.amenities],
    active: roomType.active,
  });

const STATUS: Record<ReservationStatus, ReservationStatusMessage> = {
  HELD: ReservationStatusMessage.HELD,
  CONFIRMED: ReservationStatusMessage.CONFIRMED,
  CANCELLED: ReservationStatusMessage.CANCELLED,
  CHECKED_IN: ReservationStatusMessage.CHECKED_IN,
  CHECKED_OUT: ReservationStatusMessage.CHECKED_OUT,
  NO_SHOW: ReservationStatusMessage.NO_SHOW,
  EXPIRED: ReservationStatusMessage.EXPIRED,
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
    children: r.children,
    ratePlanId: r.ratePlanId ?? '',
    price: priceMessage(r.price),
    cancellationPolicy: policyMessage(r.cancellationPolicy),
    ...(r.cancellationPenalty ? { cancellationPenalty: moneyMessage(r.cancellationPenalty) } : {}),
    holdExpiresAt: r.holdExpiresAt?.toISOString() ?? '',
    revisions: r.revisions.map((v) => ({ number: v.number, at: v.at.toISOString(), actor: v.actor, kind: v.kind, note: v.note })),
  });

export const priceMessage = (p: PriceBreakdown): PriceBreakdownMessage => {
  const money = (minor: number) => moneyMessage(Money.of(minor, p.currency));
  return create(PriceBreakdownSchema, {
    nights: p.nights.map((n) => ({
      date: n.date.toString(),
      beforeTax: money(n.beforeTaxMinor),
      vat: money(n.vatMinor),
      cityTax: money(n.cityTaxMinor),
      afterTax: money(n.afterTaxMinor),
    })),
    beforeTax: moneyMessage(p.beforeTax),
    vat: moneyMessage(p.vat),
    cityTax: moneyMessage(p.cityTax),
    taxes: moneyMessage(p.taxes),
    afterTax: moneyMessage(p.afterTax),
  });
};

const PENALTY: Record<CancellationPolicy['penalty']['kind'], PenaltyKind> = {
  FIRST_NIGHT: PenaltyKind.FIRST_NIGHT,
  PERCENT: PenaltyKind.PERCENT,
  FULL_STAY: PenaltyKind.FULL_STAY,
};

export const policyMessage = (p: CancellationPolicy): CancellationPolicyMessage =>
  create(CancellationPolicySchema, {
    refundable: p.freeUntilHoursBeforeArrival !== null,
    freeUntilHoursBeforeArrival: p.freeUntilHoursBeforeArrival ?? 0,
    penaltyKind: PENALTY[p.penalty.kind],
    penaltyPercent: p.penalty.kind === 'PERCENT' ? p.penalty.percent : 0,
    description: describePolicy(p),
  });

export const MEAL_PLAN_MESSAGE: Record<MealPlan, MealPlanMessage> = {
  ROOM_ONLY: MealPlanMessage.ROOM_ONLY,
  BREAKFAST: MealPlanMessage.BREAKFAST,
  HALF_BOARD: MealPlanMessage.HALF_BOARD,
  FULL_BOARD: MealPlanMessage.FULL_BOARD,
  ALL_INCLUSIVE: MealPlanMessage.ALL_INCLUSIVE,
};

export const ratePlanMessage = (plan: RatePlan): RatePlanMessage =>
  create(RatePlanSchema, {
    id: plan.id,
    hotelId: plan.hotelId,
    roomTypeId: plan.roomTypeId,
    name: plan.name,
    mealPlan: MEAL_PLAN_MESSAGE[plan.mealPlan],
    cancellationPolicy: policyMessage(plan.cancellationPolicy),
    taxes: { vatBasisPoints: plan.taxes.vatBasisPoints, cityTaxPerPersonNightMinor: BigInt(plan.taxes.cityTaxPerPersonNightMinor) },
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
