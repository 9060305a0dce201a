import type { ServiceImpl } from '@connectrpc/connect';
import type { BookRoom } from '../../../core/booking/book-room.js';
import type { CancelReservation, PreviewCancellation } from '../../../core/booking/cancel-reservation.js';
import type { GetReservation } from '../../../core/booking/get-reservation.js';
import type { QuoteStay } from '../../../core/booking/quote-stay.js';
import type { BookingService } from '../../../gen/hotel/v1/booking_service_pb.js';
import { moneyMessage, policyMessage, priceMessage, ratePlanMessage, reservationMessage, roomTypeMessage } from '../messages.js';
import { unwrap } from '../results.js';

export interface BookingUseCases {
  readonly quoteStay: QuoteStay;
  readonly bookRoom: BookRoom;
  readonly getReservation: GetReservation;
  readonly previewCancellation: PreviewCancellation;
  readonly cancelReservation: CancelReservation;
}

// Until callers are authenticated every key lives in one scope; the security work scopes keys to the caller.
const IDEMPOTENCY_SCOPE = 'public';

export function bookingService(uc: BookingUseCases): ServiceImpl<typeof BookingService> {
  return {
    async quoteStay(req) {
      const quotes = unwrap(
        await uc.quoteStay.execute({
          hotelId: req.hotelId,
          roomTypeId: req.roomTypeId,
          checkIn: req.checkIn,
          checkOut: req.checkOut,
          adults: req.adults,
          children: req.children,
        }),
      );
      return {
        quotes: quotes.map((q) => ({
          roomType: roomTypeMessage(q.roomType),
          ...(q.ratePlan ? { ratePlan: ratePlanMessage(q.ratePlan) } : {}),
          price: priceMessage(q.price),
          cancellationPolicy: policyMessage(q.policy),
          roomsAvailable: q.roomsAvailable,
        })),
      };
    },

    async createReservation(req) {
      const outcome = unwrap(
        await uc.bookRoom.execute({
          idempotencyScope: IDEMPOTENCY_SCOPE,
          idempotencyKey: req.idempotencyKey,
          hotelId: req.hotelId,
          roomTypeId: req.roomTypeId,
          ratePlanId: req.ratePlanId,
          checkIn: req.checkIn,
          checkOut: req.checkOut,
          guests: req.guests,
          children: req.children,
          guestName: req.guestName,
          guestEmail: req.guestEmail,
        }),
      );
      return { reservation: reservationMessage(outcome.reservation), replayed: outcome.replayed };
    },

    async getReservation(req) {
      return { reservation: reservationMessage(unwrap(await uc.getReservation.execute(req.reservationId))) };
    },

    async previewCancellation(req) {
      const quote = unwrap(await uc.previewCancellation.execute(req.reservationId));
      return { reservation: reservationMessage(quote.reservation), penalty: moneyMessage(quote.penalty), policyDescription: quote.policyText };
    },

    async cancelReservation(req) {
      const done = unwrap(await uc.cancelReservation.execute(req.reservationId));
      return { reservation: reservationMessage(done.reservation), penalty: moneyMessage(done.penalty) };
    },
  };
}
