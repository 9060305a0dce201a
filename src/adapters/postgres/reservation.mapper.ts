import { Money } from '../../core/money/money.js';
import { breakdownOf, type PriceBreakdown } from '../../core/rates/pricing.js';
import type { CancellationPolicy } from '../../core/rates/rate-plan.js';
import { STANDARD_RATE_POLICY } from '../../core/rates/stay-offer.js';
import { Reservation, type ReservationStatus, type Revision, type RevisionKind } from '../../core/reservation/reservation.js';
import { DateRange } from '../../core/time/date-range.js';
import type { PiiProtector } from '../../ports/pii-protector.js';
import type { ReservationRecord, ReservationRevisionRecord, StoredPolicy, StoredPrice } from './records/reservation.record.js';
import { toCalendarDate, toInstant, toSafeInteger } from './sql-values.js';

/** The row of a reservation, its guest's name and email sealed and the email blind-indexed. */
export function toRecord(reservation: Reservation, pii: PiiProtector): ReservationRecord {
  return {
    hotelId: reservation.hotelId,
    id: reservation.id,
    roomTypeId: reservation.roomTypeId,
    checkIn: reservation.stay.checkIn.toString(),
    checkOut: reservation.stay.checkOut.toString(),
    guests: reservation.guests,
    children: reservation.children,
    guestName: pii.seal(reservation.guest.name),
    guestEmail: pii.seal(reservation.guest.email),
    guestEmailIndex: pii.emailIndex(reservation.guest.email),
    status: reservation.status,
    ratePlanId: reservation.ratePlanId,
    totalMinor: reservation.totalPrice.amountMinor,
    currency: reservation.totalPrice.currency,
    price: storedPrice(reservation.price),
    cancellationPolicy: storedPolicy(reservation.cancellationPolicy),
    cancellationPenaltyMinor: reservation.cancellationPenalty?.amountMinor ?? null,
    holdExpiresAt: reservation.holdExpiresAt ?? null,
    createdAt: reservation.createdAt,
    cancelledAt: reservation.cancelledAt ?? null,
  };
}

export function toRevisionRecords(reservation: Reservation): ReservationRevisionRecord[] {
  return reservation.revisions.map((r) => ({ hotelId: reservation.hotelId, reservationId: reservation.id, ...r }));
}

export function toDomain(record: ReservationRecord, revisions: readonly ReservationRevisionRecord[], pii: PiiProtector): Reservation {
  const stay = DateRange.of(toCalendarDate(record.checkIn), toCalendarDate(record.checkOut));
  if (!stay) throw new Error(`reservation ${record.id} has an empty stay ${record.checkIn}..${record.checkOut}`);
  return Reservation.rehydrate({
    id: record.id,
    hotelId: record.hotelId,
    roomTypeId: record.roomTypeId,
    stay,
    guests: record.guests,
    children: record.children,
    guest: { name: pii.open(record.guestName), email: pii.open(record.guestEmail) },
    status: record.status as ReservationStatus,
    ratePlanId: record.ratePlanId,
    price: record.price ? priceOf(record.price, record.currency) : legacyPrice(record, stay),
    cancellationPolicy: record.cancellationPolicy ? policyOf(record.cancellationPolicy) : STANDARD_RATE_POLICY,
    cancellationPenalty: record.cancellationPenaltyMinor === null ? undefined : Money.of(toSafeInteger(record.cancellationPenaltyMinor), record.currency),
    createdAt: toInstant(record.createdAt),
    holdExpiresAt: record.holdExpiresAt === null ? undefined : toInstant(record.holdExpiresAt),
    cancelledAt: record.cancelledAt === null ? undefined : toInstant(record.cancelledAt),
    revisions: revisions.map(revisionOf),
  });
}

const revisionOf = (r: ReservationRevisionRecord): Revision => ({
  number: r.number,
  at: toInstant(r.at),
  actor: r.actor,
  kind: r.kind as RevisionKind,
  note: r.note,
});

function storedPrice(price: PriceBreakdown): StoredPrice {
  return {
    nights: price.nights.map((n) => ({
      date: n.date.toString(),
      beforeTax: n.beforeTaxMinor,
      vat: n.vatMinor,
      cityTax: n.cityTaxMinor,
      afterTax: n.afterTaxMinor,
    })),
  };
}

function priceOf(stored: StoredPrice, currency: string): PriceBreakdown {
  return breakdownOf(
    stored.nights.map((n) => ({ date: toCalendarDate(n.date), beforeTaxMinor: n.beforeTax, vatMinor: n.vat, cityTaxMinor: n.cityTax, afterTaxMinor: n.afterTax })),
    currency,
  );
}

/** Rows written before prices were itemised (m0001) hold only the total: one line carries it. */
function legacyPrice(record: ReservationRecord, stay: DateRange): PriceBreakdown {
  const total = toSafeInteger(record.totalMinor);
  return breakdownOf([{ date: stay.checkIn, beforeTaxMinor: total, vatMinor: 0, cityTaxMinor: 0, afterTaxMinor: total }], record.currency);
}

const storedPolicy = (p: CancellationPolicy): StoredPolicy => ({ freeUntilHours: p.freeUntilHoursBeforeArrival, penalty: p.penalty });
const policyOf = (p: StoredPolicy): CancellationPolicy => ({ freeUntilHoursBeforeArrival: p.freeUntilHours, penalty: p.penalty });
