import { Money } from '../../core/money/money.js';
import { Reservation, type ReservationStatus } from '../../core/reservation/reservation.js';
import { DateRange } from '../../core/time/date-range.js';
import type { ReservationRecord } from './records/reservation.record.js';
import { toCalendarDate, toInstant } from './sql-values.js';

export function toRecord(reservation: Reservation): ReservationRecord {
  return {
    hotelId: reservation.hotelId,
    id: reservation.id,
    roomTypeId: reservation.roomTypeId,
    checkIn: reservation.stay.checkIn.toString(),
    checkOut: reservation.stay.checkOut.toString(),
    guests: reservation.guests,
    guestName: reservation.guest.name,
    guestEmail: reservation.guest.email,
    status: reservation.status,
    totalMinor: reservation.totalPrice.amountMinor,
    currency: reservation.totalPrice.currency,
    createdAt: reservation.createdAt,
    cancelledAt: reservation.cancelledAt ?? null,
  };
}

export function toDomain(record: ReservationRecord): Reservation {
  const stay = DateRange.of(toCalendarDate(record.checkIn), toCalendarDate(record.checkOut));
  if (!stay) throw new Error(`reservation ${record.id} has an empty stay ${record.checkIn}..${record.checkOut}`);
  return Reservation.rehydrate({
    id: record.id,
    hotelId: record.hotelId,
    roomTypeId: record.roomTypeId,
    stay,
    guests: record.guests,
    guest: { name: record.guestName, email: record.guestEmail },
    status: record.status as ReservationStatus,
    totalPrice: Money.of(record.totalMinor, record.currency),
    createdAt: toInstant(record.createdAt),
    cancelledAt: record.cancelledAt === null ? undefined : toInstant(record.cancelledAt),
  });
}
