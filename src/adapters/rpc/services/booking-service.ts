import { PRINCIPAL } from '../access-policy.js';
import { subjectOf, type Principal } from '../../../core/access/principal.js';
import type { ServiceImpl } from '@connectrpc/connect';
import type { BookRoom } from '../../../core/booking/book-room.js';
import type { CancelReservation, PreviewCancellation } from '../../../core/booking/cancel-reservation.js';
import type { GetReservation } from '../../../core/booking/get-reservation.js';
import type { ListMyReservations } from '../../../core/booking/list-my-reservations.js';
import type { HoldReservation } from '../../../core/booking/hold-reservation.js';
import type { ModifyReservation } from '../../../core/booking/modify-reservation.js';
import type { QuoteStay } from '../../../core/booking/quote-stay.js';
import type { BookingService, CreateReservationRequest, HoldReservationRequest } from '../../../gen/hotel/v1/booking_service_pb.js';
import { moneyMessage, policyMessage, priceMessage, ratePlanMessage, reservationMessage, roomTypeMessage } from '../messages.js';
import { unwrap } from '../results.js';

export interface BookingUseCases {
  readonly quoteStay: QuoteStay;
  readonly bookRoom: BookRoom;
  readonly holdReservation: HoldReservation;
  readonly modifyReservation: ModifyReservation;
  readonly getReservation: GetReservation;
  readonly listMyReservations: ListMyReservations;
  readonly previewCancellation: PreviewCancellation;
  readonly cancelReservation: CancelReservation;
}

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

    async createReservation(req, ctx) {
      const outcome = unwrap(
        await uc.bookRoom.execute({ ...stayOf(req, ctx.values.get(PRINCIPAL)), ...(req.holdId ? { holdId: req.holdId } : {}) }),
      );
      return { reservation: reservationMessage(outcome.reservation), replayed: outcome.replayed };
    },

    async holdReservation(req, ctx) {
      const outcome = unwrap(
        await uc.holdReservation.execute({ ...stayOf(req, ctx.values.get(PRINCIPAL)), holdMinutes: req.holdMinutes }),
      );
      return { reservation: reservationMessage(outcome.reservation), replayed: outcome.replayed };
    },

    async modifyReservation(req, ctx) {
      const done = unwrap(
        await uc.modifyReservation.execute({
          reservationId: req.reservationId,
          principal: ctx.values.get(PRINCIPAL),
          idempotencyKey: req.idempotencyKey,
          ...(req.checkIn !== undefined ? { checkIn: req.checkIn } : {}),
          ...(req.checkOut !== undefined ? { checkOut: req.checkOut } : {}),
          ...(req.roomTypeId !== undefined ? { roomTypeId: req.roomTypeId } : {}),
          ...(req.ratePlanId !== undefined ? { ratePlanId: req.ratePlanId } : {}),
          ...(req.guests !== undefined ? { guests: req.guests } : {}),
          ...(req.children !== undefined ? { children: req.children } : {}),
        }),
      );
      return {
        reservation: reservationMessage(done.reservation),
        previousTotal: moneyMessage(done.previousTotal),
        priceDifference: moneyMessage(done.priceDifference),
        replayed: done.replayed,
      };
    },

    async getReservation(req, ctx) {
      return { reservation: reservationMessage(unwrap(await uc.getReservation.execute(req.reservationId, ctx.values.get(PRINCIPAL)))) };
    },

    async listMyReservations(req) {
      const page = unwrap(await uc.listMyReservations.execute({ guestEmail: req.guestEmail, pageSize: req.pageSize, pageToken: req.pageToken }));
      return { reservations: page.reservations.map(reservationMessage), nextPageToken: page.nextPageToken };
    },

    async previewCancellation(req, ctx) {
      const quote = unwrap(await uc.previewCancellation.execute(req.reservationId, ctx.values.get(PRINCIPAL)));
      return { reservation: reservationMessage(quote.reservation), penalty: moneyMessage(quote.penalty), policyDescription: quote.policyText };
    },

    async cancelReservation(req, ctx) {
      const done = unwrap(await uc.cancelReservation.execute(req.reservationId, ctx.values.get(PRINCIPAL), req.idempotencyKey));
      return { reservation: reservationMessage(done.reservation), penalty: moneyMessage(done.penalty) };
    },
  };
}

/** The stay, guest and key of a booking or hold request: the two carry the same fields. */
function stayOf(req: CreateReservationRequest | HoldReservationRequest, principal: Principal) {
  return {
    // Keys are the caller's: two partners may use the same key without meeting.
    idempotencyScope: subjectOf(principal),
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
  };
}
