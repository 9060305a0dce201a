import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewBookingRevision } from '../../src/core/partner/booking-revision.js';
import type { UnitOfWork } from '../../src/ports/unit-of-work.js';
import { commit, uniqueId } from './persistence-fixtures.js';

export interface RevisionStoreSubject {
  readonly uow: UnitOfWork;
  dispose(): Promise<void>;
}

/**
 * BookingRevisionStore contract: per-hotel sequences from 1 without gaps (also under concurrent
 * appends), one revision per event id, acknowledgement that hides from `unacknowledged` only.
 */
export function describeBookingRevisionStoreContract(name: string, create: () => Promise<RevisionStoreSubject>): void {
  describe(`booking revision store contract: ${name}`, () => {
    let subject: RevisionStoreSubject;
    beforeAll(async () => {
      subject = await create();
    });
    afterAll(async () => {
      await subject?.dispose();
    });

    const revision = (hotelId: string, eventId = uniqueId('evt')): NewBookingRevision => ({
      hotelId,
      kind: 'CREATED',
      eventId,
      occurredAt: new Date('2031-01-02T03:04:05.678Z'),
      reservation: {
        reservationId: uniqueId('res'),
        hotelId,
        roomTypeId: 'rt',
        checkIn: '2031-02-01',
        checkOut: '2031-02-03',
        guests: 2,
        guestName: 'Ada',
        guestEmail: 'ada@example.com',
        status: 'CONFIRMED',
        totalPriceMinor: 24_000,
        currency: 'EUR',
        children: 1,
        ratePlanId: null,
        createdAt: '2031-01-02T03:04:05.678Z',
        revision: 1,
      },
    });
    const append = (r: NewBookingRevision) => commit(subject.uow, r.hotelId, (tx) => tx.revisions.append(r));

    it('numbers each hotel’s revisions from 1, records an event once, and round-trips the snapshot', async () => {
      const hotel = uniqueId('htl');
      const other = uniqueId('htl');
      const first = revision(hotel);
      expect((await append(first))?.sequence).toBe(1);
      expect(await append(first)).toBeUndefined();
      expect((await append(revision(other)))?.sequence).toBe(1);
      expect((await append(revision(hotel)))?.sequence).toBe(2);
      const read = await commit(subject.uow, hotel, (tx) => tx.revisions.after(hotel, 0, 10));
      expect(read.map((r) => r.sequence)).toEqual([1, 2]);
      expect(read[0]).toEqual({ ...first, sequence: 1, acknowledged: false });
    });

    it('keeps sequences gap-free when appends for one hotel race', async () => {
      const hotel = uniqueId('htl');
      const events = Array.from({ length: 12 }, () => revision(hotel));
      // Every event delivered twice, all at once.
      await Promise.all([...events, ...events].map(append));
      const read = await commit(subject.uow, hotel, (tx) => tx.revisions.after(hotel, 0, 100));
      expect(read.map((r) => r.sequence)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      expect(new Set(read.map((r) => r.eventId))).toEqual(new Set(events.map((e) => e.eventId)));
    });

    it('acknowledges once; unacknowledged pages skip acknowledged revisions, `after` keeps them', async () => {
      const hotel = uniqueId('htl');
      for (let i = 0; i < 5; i++) await append(revision(hotel));
      expect(await commit(subject.uow, hotel, (tx) => tx.revisions.acknowledge(hotel, [2, 3, 42]))).toBe(2);
      expect(await commit(subject.uow, hotel, (tx) => tx.revisions.acknowledge(hotel, [2]))).toBe(0);
      expect((await commit(subject.uow, hotel, (tx) => tx.revisions.unacknowledged(hotel, 0, 10))).map((r) => r.sequence)).toEqual([1, 4, 5]);
      expect((await commit(subject.uow, hotel, (tx) => tx.revisions.unacknowledged(hotel, 1, 1))).map((r) => r.sequence)).toEqual([4]);
      const all = await commit(subject.uow, hotel, (tx) => tx.revisions.after(hotel, 1, 10));
      expect(all.map((r) => [r.sequence, r.acknowledged])).toEqual([
        [2, true],
        [3, true],
        [4, false],
        [5, false],
      ]);
    });
  });
}
