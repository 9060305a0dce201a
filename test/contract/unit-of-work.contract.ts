import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Money } from '../../src/core/money/money.js';
import { breakdownOf } from '../../src/core/rates/pricing.js';
import { Reservation } from '../../src/core/reservation/reservation.js';
import { err, ok, type Result } from '../../src/core/shared/result.js';
import type { UnitOfWork } from '../../src/ports/unit-of-work.js';
import type { UnitOfWorkUnderTest } from './inventory-repository.contract.js';
import { anEvent, commit, newHotel, newRoomType, nightAt, reservedByNight, seedNights, seedRoomType, stayAt, uniqueId } from './persistence-fixtures.js';

/**
 * UnitOfWork contract, plus the plain repositories of its scope (hotels, room types, reservations):
 * an ok result commits everything, an error result or a throw commits nothing.
 */
export function describeUnitOfWorkContract(name: string, create: () => Promise<UnitOfWorkUnderTest>): void {
  describe(`UnitOfWork contract: ${name}`, () => {
    let subject: UnitOfWorkUnderTest;
    let uow: UnitOfWork;
    beforeAll(async () => {
      subject = await create();
      uow = subject.uow;
    });
    afterAll(async () => {
      await subject?.dispose();
    });

    const hotelExists = async (hotelId: string): Promise<boolean> => (await commit(uow, hotelId, (tx) => tx.hotels.get(hotelId))) !== undefined;

    it('commits when the work returns an ok result, and returns that result', async () => {
      const hotel = newHotel();
      const result = await uow.run(hotel.id, async (tx) => {
        await tx.hotels.add(hotel);
        return ok('done');
      });
      expect(result).toEqual(ok('done'));
      expect(await hotelExists(hotel.id)).toBe(true);
    });

    it('rolls back when the work returns an error result, and returns that result', async () => {
      const hotel = newHotel();
      const result = await uow.run(hotel.id, async (tx): Promise<Result<never, string>> => {
        await tx.hotels.add(hotel);
        expect(await tx.hotels.get(hotel.id)).toBeDefined();
        return err('changed my mind');
      });
      expect(result).toEqual(err('changed my mind'));
      expect(await hotelExists(hotel.id)).toBe(false);
    });

    it('rolls back when the work throws, and rethrows the same error', async () => {
      const hotel = newHotel();
      const boom = new Error('boom');
      await expect(
        uow.run(hotel.id, async (tx) => {
          await tx.hotels.add(hotel);
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await hotelExists(hotel.id)).toBe(false);
    });

    it('rolls back every kind of write together: hotel, room type, nights, reservation, outbox', async () => {
      const hotel = newHotel();
      const roomType = newRoomType(hotel.id);
      const result = await uow.run(hotel.id, async (tx): Promise<Result<never, string>> => {
        await tx.hotels.add(hotel);
        await tx.hotels.addRoomType(roomType);
        const set = await tx.inventory.setNights({
          hotelId: hotel.id,
          roomTypeId: roomType.id,
          nights: stayAt(0, 2),
          totalRooms: 1,
          price: Money.of(100, 'EUR'),
          overbookingPercent: 0,
        });
        expect(set.ok).toBe(true);
        const reserved = await tx.inventory.reserve({ hotelId: hotel.id, roomTypeId: roomType.id, stay: stayAt(0, 2), rooms: 1 }, 0);
        expect(reserved.ok).toBe(true);
        expect((await tx.inventory.list(hotel.id, roomType.id, stayAt(0, 2))).map((n) => n.reserved)).toEqual([1, 1]);
        await tx.reservations.add(aReservation(hotel.id, roomType.id));
        await tx.outbox.append([anEvent({ hotelId: hotel.id })]);
        return err('no');
      });
      expect(result.ok).toBe(false);
      const after = await commit(uow, hotel.id, async (tx) => ({
        hotel: await tx.hotels.get(hotel.id),
        roomType: await tx.hotels.getRoomType(hotel.id, roomType.id),
        nights: await tx.inventory.list(hotel.id, roomType.id, stayAt(0, 2)),
      }));
      expect(after).toEqual({ hotel: undefined, roomType: undefined, nights: [] });
    });

    it('keeps a committed reservation of nights after a later unit of work fails', async () => {
      const s = await seedRoomType(uow);
      await seedNights(uow, s, stayAt(0, 1), 2);
      await commit(uow, s.hotelId, (tx) => tx.inventory.reserve({ hotelId: s.hotelId, roomTypeId: s.roomTypeId, stay: stayAt(0, 1), rooms: 1 }, 0));
      await uow.run(s.hotelId, async (tx) => {
        await tx.inventory.reserve({ hotelId: s.hotelId, roomTypeId: s.roomTypeId, stay: stayAt(0, 1), rooms: 1 }, 0);
        return err('abandon');
      });
      expect(await reservedByNight(uow, s, stayAt(0, 1))).toEqual({ [nightAt(0).toString()]: 1 });
    });

    describe('repositories', () => {
      it('stores a hotel and its room types and reads them back equal', async () => {
        const hotel = newHotel({ amenities: ['pool', 'spa', 'wifi'], overbookingPercent: 15, location: { latitude: -33.8688, longitude: 151.2093 } });
        const roomType = newRoomType(hotel.id, { name: 'Family suite', maxGuests: 5, amenities: ['balcony', 'kitchen'] });
        await commit(uow, hotel.id, async (tx) => {
          await tx.hotels.add(hotel);
          await tx.hotels.addRoomType(roomType);
        });
        const read = await commit(uow, hotel.id, async (tx) => ({
          hotel: await tx.hotels.get(hotel.id),
          roomType: await tx.hotels.getRoomType(hotel.id, roomType.id),
          elsewhere: await tx.hotels.getRoomType(uniqueId('htl'), roomType.id),
        }));
        expect(read.hotel?.toProps()).toEqual(hotel.toProps());
        expect(read.roomType?.toProps()).toEqual(roomType.toProps());
        expect(read.elsewhere).toBeUndefined();
      });

      it('answers undefined for unknown hotels and room types', async () => {
        const id = uniqueId('htl');
        const read = await commit(uow, id, async (tx) => [await tx.hotels.get(id), await tx.hotels.getRoomType(id, 'nope')]);
        expect(read).toEqual([undefined, undefined]);
      });

      it('stores a reservation, reads it by id alone, and stores a new state of it', async () => {
        const s = await seedRoomType(uow);
        const reservation = aReservation(s.hotelId, s.roomTypeId);
        await commit(uow, reservation.id, (tx) => tx.reservations.add(reservation));
        const read = await commit(uow, reservation.id, (tx) => tx.reservations.get(reservation.id));
        expect(read?.toProps()).toEqual(reservation.toProps());

        const cancelled = reservation.cancel(new Date('2031-02-03T04:05:06.789Z'), Money.of(12_000, 'EUR'));
        if (!cancelled.ok) throw new Error('cannot cancel');
        await commit(uow, reservation.id, (tx) => tx.reservations.update(cancelled.value));
        const reread = await commit(uow, reservation.id, (tx) => tx.reservations.get(reservation.id));
        expect(reread?.toProps()).toEqual(cancelled.value.toProps());
        expect(reread?.status).toBe('CANCELLED');
      });

      it('answers undefined for an unknown reservation and refuses to update one', async () => {
        const s = await seedRoomType(uow);
        const missing = aReservation(s.hotelId, s.roomTypeId);
        expect(await commit(uow, missing.id, (tx) => tx.reservations.get(missing.id))).toBeUndefined();
        await expect(commit(uow, missing.id, (tx) => tx.reservations.update(missing))).rejects.toThrow();
      });
    });
  });
}

export function aReservation(hotelId: string, roomTypeId: string): Reservation {
  return Reservation.confirm({
    id: uniqueId('res'),
    hotelId,
    roomTypeId,
    stay: stayAt(0, 3),
    guests: 3,
    children: 1,
    guest: { name: "Zoë O'Brien", email: 'zoe@example.com' },
    ratePlanId: 'rp-flexible',
    price: breakdownOf(
      stayAt(0, 3)
        .nights()
        .map((date) => ({ date, beforeTaxMinor: 11_000, vatMinor: 1_100, cityTaxMinor: 450, afterTaxMinor: 12_550 })),
      'EUR',
    ),
    cancellationPolicy: { freeUntilHoursBeforeArrival: 48, penalty: { kind: 'PERCENT', percent: 30 } },
    createdAt: new Date('2031-01-15T10:20:30.456Z'),
  });
}
