import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import type { Reservation } from '../../core/reservation/reservation.js';
import type { PiiProtector } from '../../ports/pii-protector.js';
import type { ReservationRepository } from '../../ports/reservation-repository.js';
import { ReservationRevisionSchema, ReservationSchema, type ReservationRecord, type ReservationRevisionRecord } from './records/reservation.record.js';
import { toDomain, toRecord, toRevisionRecords } from './reservation.mapper.js';

export class PostgresReservationRepository implements ReservationRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly pii: PiiProtector,
  ) {}

  async add(reservation: Reservation): Promise<void> {
    await this.em.insert(ReservationSchema, toRecord(reservation, this.pii));
    await this.em.insertMany(ReservationRevisionSchema, toRevisionRecords(reservation));
  }

  async get(reservationId: string): Promise<Reservation | undefined> {
    // Reservation ids are globally unique (unique index on id), so the id alone finds the row.
    // FOR UPDATE: a state change is read-modify-write (cancel releases nights, then stores CANCELLED), so two
    // concurrent changes of one reservation must queue; the second then sees the first's state.
    const record = await this.em.findOne(ReservationSchema, { id: reservationId }, { disableIdentityMap: true, lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!record) return undefined;
    const [reservation] = await loadReservations(this.em, [record], this.pii);
    return reservation;
  }

  async update(reservation: Reservation): Promise<void> {
    const { hotelId, id, ...changes } = toRecord(reservation, this.pii);
    const updated = await this.em.nativeUpdate(ReservationSchema, { hotelId, id }, changes);
    if (updated !== 1) throw new Error(`reservation ${id} of hotel ${hotelId} does not exist`);
    // Revisions are append-only: store the ones added since the stored state (a duplicate number fails).
    const stored = await this.em.count(ReservationRevisionSchema, { hotelId, reservationId: id });
    const added = toRevisionRecords(reservation).slice(stored);
    if (added.length > 0) await this.em.insertMany(ReservationRevisionSchema, added);
  }
}

/** Maps reservation rows to reservations, loading all their revisions in one query. */
export async function loadReservations(em: EntityManager, records: readonly ReservationRecord[], pii: PiiProtector): Promise<Reservation[]> {
  if (records.length === 0) return [];
  const revisions = await em.find(
    ReservationRevisionSchema,
    { $or: records.map((r) => ({ hotelId: r.hotelId, reservationId: r.id })) },
    { disableIdentityMap: true, orderBy: { reservationId: 'asc', number: 'asc' } },
  );
  const byReservation = new Map<string, ReservationRevisionRecord[]>();
  for (const revision of revisions) {
    const list = byReservation.get(revision.reservationId) ?? [];
    list.push(revision);
    byReservation.set(revision.reservationId, list);
  }
  return records.map((r) => toDomain(r, byReservation.get(r.id) ?? [], pii));
}
