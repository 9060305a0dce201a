import type { EntityManager } from '@mikro-orm/postgresql';
import type {
  HotelReservationCursor,
  HotelReservationFilter,
  HotelReservations,
  HotelReservationsPage,
  UpcomingStaysQuery,
} from '../../ports/hotel-reservations.js';
import type { PiiProtector } from '../../ports/pii-protector.js';
import { ReservationSchema } from './records/reservation.record.js';
import { loadReservations } from './reservation-repository.js';

/**
 * A hotel's reservations on its shard, inside the unit of work. Every query leads with hotel_id
 * (the primary key's first column), so it reads one hotel's rows only.
 */
export class PostgresHotelReservations implements HotelReservations {
  constructor(
    private readonly em: EntityManager,
    private readonly pii: PiiProtector,
  ) {}

  async list(f: HotelReservationFilter, limit: number, after?: HotelReservationCursor): Promise<HotelReservationsPage> {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
    const position = after
      ? { $or: [{ checkIn: { $gt: after.checkIn.toString() } }, { checkIn: after.checkIn.toString(), id: { $gt: after.id } }] }
      : {};
    const overlap = f.stayOverlaps ? { checkIn: { $lt: f.stayOverlaps.to.toString() }, checkOut: { $gt: f.stayOverlaps.from.toString() } } : {};
    const records = await this.em.find(
      ReservationSchema,
      { $and: [{ hotelId: f.hotelId }, f.statuses.length > 0 ? { status: { $in: [...f.statuses] } } : {}, overlap, position] },
      { orderBy: { checkIn: 'asc', id: 'asc' }, limit: limit + 1, disableIdentityMap: true },
    );
    const reservations = await loadReservations(this.em, records.slice(0, limit), this.pii);
    const last = reservations.at(-1);
    return records.length > limit && last ? { reservations, next: { checkIn: last.stay.checkIn, id: last.id } } : { reservations };
  }

  countUpcoming(q: UpcomingStaysQuery): Promise<number> {
    return this.em.count(ReservationSchema, {
      hotelId: q.hotelId,
      ...(q.roomTypeId === undefined ? {} : { roomTypeId: q.roomTypeId }),
      checkOut: { $gt: q.checkOutAfter.toString() },
      $or: [{ status: { $in: ['CONFIRMED', 'CHECKED_IN'] } }, { status: 'HELD', holdExpiresAt: { $gt: q.now } }],
    });
  }
}
