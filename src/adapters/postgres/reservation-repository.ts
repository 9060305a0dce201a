import type { EntityManager } from '@mikro-orm/postgresql';
import type { Reservation } from '../../core/reservation/reservation.js';
import type { ReservationRepository } from '../../ports/reservation-repository.js';
import { ReservationSchema } from './records/reservation.record.js';
import { toDomain, toRecord } from './reservation.mapper.js';

export class PostgresReservationRepository implements ReservationRepository {
  constructor(private readonly em: EntityManager) {}

  async add(reservation: Reservation): Promise<void> {
    await this.em.insert(ReservationSchema, toRecord(reservation));
  }

  async get(reservationId: string): Promise<Reservation | undefined> {
    // Reservation ids are globally unique (unique index on id), so the id alone finds the row.
    const record = await this.em.findOne(ReservationSchema, { id: reservationId }, { disableIdentityMap: true });
    return record ? toDomain(record) : undefined;
  }

  async update(reservation: Reservation): Promise<void> {
    const { hotelId, id, ...changes } = toRecord(reservation);
    const updated = await this.em.nativeUpdate(ReservationSchema, { hotelId, id }, changes);
    if (updated !== 1) throw new Error(`reservation ${id} of hotel ${hotelId} does not exist`);
  }
}
