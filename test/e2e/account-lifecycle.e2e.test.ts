import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { call, callError, grpcClients } from '../support/grpc-client.js';
import { day, useTestServer } from '../support/e2e.js';

describe('a guest account from sign-up to deletion', () => {
  const e2e = useTestServer({ broker: 'in-process' });

  it('books under its email, keeps a profile, and on deletion is erased while its reservations stay, anonymised', async () => {
    const staff = e2e.clients;
    const { hotel } = await call(staff.admin, 'createHotel', { name: 'Erase Inn', city: 'Ghent', countryCode: 'BE', latitude: 51.05, longitude: 3.72, timeZone: 'Europe/Brussels', currencyCode: 'EUR' });
    const { roomType } = await call(staff.admin, 'createRoomType', { hotelId: hotel.id, name: 'Double', maxGuests: 2 });
    await call(staff.admin, 'setInventory', { hotelId: hotel.id, roomTypeId: roomType.id, from: day(5), to: day(15), totalRooms: 5, nightlyPriceMinor: '9000' });

    const anonymous = grpcClients(e2e.server.url);
    const email = `erase-me-${Date.now()}@example.com`;
    const signedUp = await call(anonymous.auth, 'signUp', { email, password: 'erase-me-password', name: 'Erin Erase', phone: '+32 9 000 00 00' });
    anonymous.close();
    const guest = grpcClients(e2e.server.url, signedUp.tokens.accessToken);
    try {
      const { reservation } = await call(guest.booking, 'createReservation', {
        idempotencyKey: `erase-${Date.now()}`,
        hotelId: hotel.id,
        roomTypeId: roomType.id,
        checkIn: day(6),
        checkOut: day(8),
        guests: 1,
        guestName: 'Erin Erase',
        guestEmail: email,
      });
      const updated = await call(guest.auth, 'updateProfile', { phone: '+32 9 111 11 11', preferences: { email: false, sms: true } });
      expect(updated.profile).toMatchObject({ email, phone: '+32 9 111 11 11', preferences: { email: false, sms: true } });
      expect((await call(guest.booking, 'listMyReservations', { guestEmail: email })).reservations).toHaveLength(1);

      const deleted = await call(guest.auth, 'deleteAccount', {});
      expect(deleted.anonymisedReservations).toBe(1);

      // Every token of the account is dead, and the password no longer signs in.
      expect((await callError(guest.auth, 'getProfile', {})).code).toBe(grpc.status.UNAUTHENTICATED);
      expect((await callError(staff.auth, 'refreshToken', { refreshToken: signedUp.tokens.refreshToken })).code).toBe(grpc.status.UNAUTHENTICATED);
      expect((await callError(staff.auth, 'signIn', { email, password: 'erase-me-password' })).code).toBe(grpc.status.UNAUTHENTICATED);

      // The hotel keeps the reservation, without the guest's name or email.
      const kept = (await call(staff.booking, 'getReservation', { reservationId: reservation.id })).reservation;
      expect(kept).toMatchObject({ id: reservation.id, status: 'RESERVATION_STATUS_CONFIRMED', guestName: 'Deleted guest' });
      expect(kept.guestEmail).not.toContain('erase-me');
      expect((await call(staff.booking, 'listMyReservations', { guestEmail: email })).reservations).toHaveLength(0);
    } finally {
      guest.close();
    }
  });
});
