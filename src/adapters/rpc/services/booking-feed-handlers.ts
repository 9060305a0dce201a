import { create } from '@bufbuild/protobuf';
import { createValidator } from '@bufbuild/protovalidate';
import { pathToString } from '@bufbuild/protobuf/reflect';
import type { ServiceImpl } from '@connectrpc/connect';
import type { ReservationSnapshot } from '../../../core/events/domain-event.js';
import type { AckBookingRevisions, ListBookingRevisions, StreamBookingRevisions } from '../../../core/partner/booking-feed.js';
import type { BookingRevision, BookingRevisionKind } from '../../../core/partner/booking-revision.js';
import {
  BookingRevisionKind as KindMessage,
  BookingRevisionSchema,
  StreamBookingRevisionsRequestSchema,
  type BookingRevision as BookingRevisionMessage,
  type PartnerService,
} from '../../../gen/hotel/v1/partner_service_pb.js';
import { ReservationStatus } from '../../../gen/hotel/v1/reservation_pb.js';
import { invalidArgumentError } from '../domain-errors.js';
import { unwrap } from '../results.js';

export interface BookingFeedUseCases {
  readonly listBookingRevisions: ListBookingRevisions;
  readonly ackBookingRevisions: AckBookingRevisions;
  readonly streamBookingRevisions: StreamBookingRevisions;
}

const KIND: Record<BookingRevisionKind, KindMessage> = {
  CREATED: KindMessage.CREATED,
  MODIFIED: KindMessage.MODIFIED,
  CANCELLED: KindMessage.CANCELLED,
  NO_SHOW: KindMessage.NO_SHOW,
};

const STATUS: Readonly<Record<string, ReservationStatus>> = {
  HELD: ReservationStatus.HELD,
  CONFIRMED: ReservationStatus.CONFIRMED,
  CANCELLED: ReservationStatus.CANCELLED,
  CHECKED_IN: ReservationStatus.CHECKED_IN,
  CHECKED_OUT: ReservationStatus.CHECKED_OUT,
  NO_SHOW: ReservationStatus.NO_SHOW,
  EXPIRED: ReservationStatus.EXPIRED,
};

/** The reservation as the event recorded it (fields the event did not carry stay empty). */
function reservationOf(s: ReservationSnapshot) {
  return {
    id: s.reservationId,
    hotelId: s.hotelId,
    roomTypeId: s.roomTypeId,
    checkIn: s.checkIn,
    checkOut: s.checkOut,
    guests: s.guests,
    children: s.children ?? 0,
    guestName: s.guestName,
    guestEmail: s.guestEmail,
    status: STATUS[s.status] ?? ReservationStatus.UNSPECIFIED,
    totalPrice: { currencyCode: s.currency, amountMinor: BigInt(s.totalPriceMinor) },
    ratePlanId: s.ratePlanId ?? '',
    createdAt: s.createdAt ?? '',
  };
}

export const bookingRevisionMessage = (r: BookingRevision): BookingRevisionMessage =>
  create(BookingRevisionSchema, {
    hotelId: r.hotelId,
    sequence: BigInt(r.sequence),
    kind: KIND[r.kind],
    reservation: reservationOf(r.reservation),
    occurredAt: r.occurredAt.toISOString(),
    eventId: r.eventId,
    acknowledged: r.acknowledged,
  });

const validator = createValidator();

/** PartnerService's booking feed: list, acknowledge, stream. */
export function bookingFeedHandlers(uc: BookingFeedUseCases): Pick<ServiceImpl<typeof PartnerService>, 'listBookingRevisions' | 'ackBookingRevisions' | 'streamBookingRevisions'> {
  return {
    async listBookingRevisions(req) {
      const page = unwrap(await uc.listBookingRevisions.execute({ hotelIds: req.hotelIds, pageSize: req.pageSize, pageToken: req.pageToken }));
      return { revisions: page.revisions.map(bookingRevisionMessage), nextPageToken: page.nextPageToken };
    },

    async ackBookingRevisions(req) {
      const refs = req.revisions.map((r) => ({ hotelId: r.hotelId, sequence: Number(r.sequence) }));
      const acknowledged = unwrap(await uc.ackBookingRevisions.execute(refs));
      return { acknowledged, unchanged: refs.length - acknowledged };
    },

    async *streamBookingRevisions(req, ctx) {
      // The validation interceptor checks unary requests only; a server stream's one request is checked here.
      const checked = validator.validate(StreamBookingRevisionsRequestSchema, req);
      if (checked.kind === 'invalid') throw invalidArgumentError(checked.violations.map((v) => ({ field: pathToString(v.field), description: v.message })));
      if (req.afterSequence > BigInt(Number.MAX_SAFE_INTEGER)) throw invalidArgumentError([{ field: 'after_sequence', description: 'is too large' }]);
      for await (const revision of uc.streamBookingRevisions.execute(req.hotelId, Number(req.afterSequence), ctx.signal)) {
        yield { revision: bookingRevisionMessage(revision) };
      }
    },
  };
}
