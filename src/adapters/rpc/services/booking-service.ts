import type { ServiceImpl } from '@connectrpc/connect';
import type { BookRoom } from '../../../core/booking/book-room.js';
import type { CancelReservation } from '../../../core/booking/cancel-reservation.js';
import type { GetReservation } from '../../../core/booking/get-reservation.js';
import type { BookingService } from '../../../gen/hotel/v1/booking_service_pb.js';
import { reservationMessage } from '../messages.js';
import { unwrap } from '../results.js';

export interface BookingUseCases {
  readonly bookRoom: BookRoom;
  readonly getReservation: GetReservation;
  readonly cancelReservation: CancelReservation;
}

// Until callers are authenticated every key lives in one scope; the security work scopes keys to the caller.
const IDEMPOTENCY_SCOPE = 'public';

export function bookingService(uc: BookingUseCases): ServiceImpl<typeof BookingService> {
  return {
    async createReservation(req) {
      const outcome = unwrap(
        await uc.bookRoom.execute({
          idempotencyScope: IDEMPOTENCY_SCOPE,
          idempotencyKey: req.idempotencyKey,
          hotelId: req.hotelId,
          roomTypeId: req.roomTypeId,
          checkIn: req.checkIn,
          checkOut: req.checkOut,
          guests: req.guests,
          guestName: req.guestName,
          guestEmail: req.guestEmail,
        }),
      );
      return { reservation: reservationMessage(outcome.reservation), replayed: outcome.replayed };
    },

    async getReservation(req) {
      return { reservation: reservationMessage(unwrap(await uc.getReservation.execute(req.reservationId))) };
    },

    async cancelReservation(req) {
      return { reservation: reservationMessage(unwrap(await uc.cancelReservation.execute(req.reservationId))) };
    },
  };
}
