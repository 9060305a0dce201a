import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { ReservationEvent } from '../../src/core/events/domain-event.js';
import { Hotel, type NewHotel } from '../../src/core/hotel/hotel.js';
import { RoomType, type NewRoomType } from '../../src/core/hotel/room-type.js';
import { Money } from '../../src/core/money/money.js';
import { ok, type Result } from '../../src/core/shared/result.js';
import { CalendarDate } from '../../src/core/time/calendar-date.js';
import { DateRange } from '../../src/core/time/date-range.js';
import type { TransactionScope, UnitOfWork } from '../../src/ports/unit-of-work.js';

/**
 * Seeding for the persistence contract suites. Everything goes through the ports (hotels.add,
 * addRoomType, setNights), so the suites run unchanged on every adapter; every call mints fresh ids,
 * so one adapter instance can serve a whole suite without tests seeing each other's rows.
 */

export const uniqueId = (prefix: string): string => `${prefix}-${randomUUID()}`;

export function date(iso: string): CalendarDate {
  const parsed = CalendarDate.parse(iso);
  if (!parsed) throw new Error(`bad date ${iso}`);
  return parsed;
}

export function range(from: string, to: string): DateRange {
  const parsed = DateRange.of(date(from), date(to));
  if (!parsed) throw new Error(`bad range ${from}..${to}`);
  return parsed;
}

/** Nights far enough ahead that no validation about "today" could ever matter. */
export const BASE_DATE = '2031-03-01';
export const nightAt = (offset: number): CalendarDate => date(BASE_DATE).addDays(offset);
export const stayAt = (offset: number, nights: number): DateRange => {
  const stay = DateRange.of(nightAt(offset), nightAt(offset + nights));
  if (!stay) throw new Error(`empty stay at ${offset}`);
  return stay;
};

export function newHotel(overrides: Partial<NewHotel> = {}, id = uniqueId('htl')): Hotel {
  const hotel = Hotel.create(id, {
    name: 'Hotel Contract',
    city: 'Lisbon',
    countryCode: 'PT',
    location: { latitude: 38.7223, longitude: -9.1393 },
    timeZone: 'Europe/Lisbon',
    currency: 'EUR',
    amenities: ['wifi'],
    overbookingPercent: 0,
    ...overrides,
  });
  if (!hotel.ok) throw new Error(`invalid test hotel: ${JSON.stringify(hotel.error)}`);
  return hotel.value;
}

export function newRoomType(hotelId: string, overrides: Partial<Omit<NewRoomType, 'hotelId'>> = {}): RoomType {
  const roomType = RoomType.create(uniqueId('rt'), { hotelId, name: 'Double', maxGuests: 2, amenities: [], ...overrides });
  if (!roomType.ok) throw new Error(`invalid test room type: ${JSON.stringify(roomType.error)}`);
  return roomType.value;
}

/** Runs work that must succeed and returns its value. */
export async function commit<T>(uow: UnitOfWork, routingId: string, work: (tx: TransactionScope) => Promise<T>): Promise<T> {
  const result = await uow.run(routingId, async (tx): Promise<Result<T, never>> => ok(await work(tx)));
  if (!result.ok) throw new Error('unreachable');
  return result.value;
}

export interface SeededRoomType {
  readonly hotel: Hotel;
  readonly roomType: RoomType;
  readonly hotelId: string;
  readonly roomTypeId: string;
}

/** A hotel with one room type, committed; the hotel's id is minted unless given (to place it on a shard). */
export async function seedRoomType(uow: UnitOfWork, hotelOverrides: Partial<NewHotel> = {}, hotelId?: string): Promise<SeededRoomType> {
  const hotel = newHotel(hotelOverrides, hotelId);
  const roomType = newRoomType(hotel.id);
  await commit(uow, hotel.id, async (tx) => {
    await tx.hotels.add(hotel);
    await tx.hotels.addRoomType(roomType);
  });
  return { hotel, roomType, hotelId: hotel.id, roomTypeId: roomType.id };
}

/** Sets `totalRooms` at `priceMinor` on `nights` of the seeded room type, and checks it was accepted. */
export async function seedNights(uow: UnitOfWork, seeded: SeededRoomType, nights: DateRange, totalRooms: number, priceMinor = 10_000): Promise<void> {
  const written = await commit(uow, seeded.hotelId, (tx) =>
    tx.inventory.setNights({
      hotelId: seeded.hotelId,
      roomTypeId: seeded.roomTypeId,
      nights,
      totalRooms,
      price: Money.of(priceMinor, seeded.hotel.currency),
      overbookingPercent: seeded.hotel.overbookingPercent,
    }),
  );
  expect(written).toEqual({ ok: true, value: nights.nightCount });
}

/** Reserved rooms per night (YYYY-MM-DD -> reserved) of the seeded room type over `nights`. */
export async function reservedByNight(uow: UnitOfWork, seeded: SeededRoomType, nights: DateRange): Promise<Record<string, number>> {
  const list = await commit(uow, seeded.hotelId, (tx) => tx.inventory.list(seeded.hotelId, seeded.roomTypeId, nights));
  return Object.fromEntries(list.map((n) => [n.date.toString(), n.reserved]));
}

/** A reservation event with every field set; override what the test is about. */
export function anEvent(overrides: Partial<ReservationEvent> = {}): ReservationEvent {
  const hotelId = overrides.hotelId ?? uniqueId('htl');
  const reservationId = overrides.aggregateId ?? uniqueId('res');
  return {
    id: randomUUID(),
    type: 'reservation.confirmed',
    occurredAt: new Date('2031-02-01T09:30:15.123Z'),
    hotelId,
    aggregateId: reservationId,
    payload: {
      reservationId,
      hotelId,
      roomTypeId: 'rt-double',
      checkIn: '2031-03-01',
      checkOut: '2031-03-04',
      guests: 2,
      guestName: 'Ada "Countess" O\'Lovelace \\ ☃',
      guestEmail: 'ada@example.com',
      status: 'CONFIRMED',
      totalPriceMinor: 45_000,
      currency: 'EUR',
    },
    ...overrides,
  };
}

/** A promise and the function that resolves it: lets a test hold a unit of work open. */
export function gate(): { readonly opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/** Whether `promise` is still pending after `ms` milliseconds. */
export async function stillPendingAfter(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const pending = Symbol('pending');
  const outcome = await Promise.race([promise.then(() => 'settled', () => 'settled'), new Promise((r) => setTimeout(() => r(pending), ms))]);
  return outcome === pending;
}
