import { create, toBinary } from '@bufbuild/protobuf';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import type { SearchPage } from '../../../core/search/search-availability.js';
import { HotelSchema, RoomTypeSchema } from '../../../gen/hotel/v1/hotel_pb.js';
import {
  HotelAvailabilitySchema,
  RoomTypeAvailabilitySchema,
  SearchAvailabilityResponseSchema,
  type SearchAvailabilityResponse,
} from '../../../gen/hotel/v1/search_service_pb.js';
import { hotelMessage, memoizedPerObject, moneyMessage, roomTypeMessage } from '../messages.js';

/**
 * The answer to SearchAvailability. Built normally for JSON; for a binary codec (gRPC, gRPC-Web,
 * Connect proto), each hotel's and room type's own message, which a search serves unchanged from the
 * candidate cache again and again, is encoded once per domain object and carried as the field's bytes
 * (an unknown field to the encoder, written verbatim). On the wire an embedded message and a
 * length-delimited field of the same number are the same bytes, so any client decodes the normal
 * schema from it; only the field order differs (the hotel after its distance), which protobuf
 * parsers accept by specification. Encoding these 20 hotels and their room types was the largest
 * single cost of a search on the server; the distance, rooms left and prices are still encoded
 * per answer. test/adapters/rpc/search-answer.test.ts holds both forms to decode the same.
 */
export function searchAnswer(page: SearchPage, codec: 'binary' | 'json'): SearchAvailabilityResponse {
  const binary = codec === 'binary';
  return create(SearchAvailabilityResponseSchema, {
    nextPageToken: page.nextPageToken,
    hotels: page.offers.map((offer) => {
      const hotel = create(HotelAvailabilitySchema, {
        ...(binary ? {} : { hotel: cachedHotelMessage(offer.hotel) }),
        distanceKm: Math.round(offer.distanceKm * 1000) / 1000,
        roomTypes: offer.rooms.map((room) => {
          const roomType = create(RoomTypeAvailabilitySchema, {
            ...(binary ? {} : { roomType: cachedRoomTypeMessage(room.roomType) }),
            roomsAvailable: room.roomsAvailable,
            totalPrice: moneyMessage(room.totalPrice),
          });
          if (binary) roomType.$unknown = [{ no: ROOM_TYPE_FIELD, wireType: WireType.LengthDelimited, data: roomTypeBytes(room.roomType) }];
          return roomType;
        }),
      });
      if (binary) hotel.$unknown = [{ no: HOTEL_FIELD, wireType: WireType.LengthDelimited, data: hotelBytes(offer.hotel) }];
      return hotel;
    }),
  });
}

/**
 * The codec a request's answer is written in, from its content type; anything not known to be
 * binary (JSON, a Connect GET without a content type) gets the normal message, which suits every codec.
 */
export function answerCodec(contentType: string | null): 'binary' | 'json' {
  const type = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
  return BINARY_TYPES.has(type) ? 'binary' : 'json';
}

const BINARY_TYPES = new Set(['application/grpc', 'application/grpc+proto', 'application/grpc-web', 'application/grpc-web+proto', 'application/proto', 'application/connect+proto']);

const HOTEL_FIELD = HotelAvailabilitySchema.field.hotel.number;
const ROOM_TYPE_FIELD = RoomTypeAvailabilitySchema.field.roomType.number;

// Hotels and room types are immutable: a change is a new object, with its own message and bytes.
const cachedHotelMessage = memoizedPerObject(hotelMessage);
const cachedRoomTypeMessage = memoizedPerObject(roomTypeMessage);
// An unknown field's data is written as it is after its tag: a length-delimited one's starts with the length.
const lengthDelimited = (bytes: Uint8Array): Uint8Array => new BinaryWriter().bytes(bytes).finish();
const hotelBytes = memoizedPerObject((hotel: Parameters<typeof hotelMessage>[0]) => lengthDelimited(toBinary(HotelSchema, cachedHotelMessage(hotel))));
const roomTypeBytes = memoizedPerObject((roomType: Parameters<typeof roomTypeMessage>[0]) => lengthDelimited(toBinary(RoomTypeSchema, cachedRoomTypeMessage(roomType))));
