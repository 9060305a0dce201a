import { create, toBinary } from '@bufbuild/protobuf';
import { WireType } from '@bufbuild/protobuf/wire';
import type { Hotel } from '../../../core/hotel/hotel.js';
import type { RoomType } from '../../../core/hotel/room-type.js';
import type { HotelOffer, RoomOffer, SearchPage } from '../../../core/search/search-availability.js';
import { HotelSchema, RoomTypeSchema } from '../../../gen/hotel/v1/hotel_pb.js';
import {
  HotelAvailabilitySchema,
  RoomTypeAvailabilitySchema,
  SearchAvailabilityResponseSchema,
  type SearchAvailabilityResponse,
} from '../../../gen/hotel/v1/search_service_pb.js';
import { hotelMessage, memoizedPerObject, moneyMessage, roomTypeMessage } from '../messages.js';

/**
 * The answer to SearchAvailability. Built normally for JSON. For a binary codec (gRPC, gRPC-Web,
 * Connect proto) each hotel of the page is carried as its encoded HotelAvailability, an unknown
 * field of the answer that the encoder writes verbatim: on the wire an embedded message and a
 * length-delimited field of the same number are the same bytes, so any client decodes the normal
 * schema from it. A hotel's encoding without its distance is remembered per hotel object (hotels
 * and room types are immutable: a change is a new object) and per offer, that is which room type
 * objects with how many rooms left at which price, 32 MiB at most (`EncodedOffers`): the same
 * stay of the same hotel is searched again and again between two changes of its inventory, and
 * encoding the page was the largest single cost of a search on the server. The distance, which
 * depends on the search's point, is written per answer in front of it. Fields then come in
 * another order than the schema's (distance, hotel, room types), which protobuf parsers accept by
 * specification. test/adapters/rpc/search-answer.test.ts holds both forms to decode the same.
 */
export function searchAnswer(page: SearchPage, codec: 'binary' | 'json'): SearchAvailabilityResponse {
  if (codec === 'json') {
    return create(SearchAvailabilityResponseSchema, {
      nextPageToken: page.nextPageToken,
      hotels: page.offers.map((offer) => ({
        hotel: cachedHotelMessage(offer.hotel),
        distanceKm: roundedKm(offer.distanceKm),
        roomTypes: offer.rooms.map((room) => ({ roomType: cachedRoomTypeMessage(room.roomType), roomsAvailable: room.roomsAvailable, totalPrice: moneyMessage(room.totalPrice) })),
      })),
    });
  }
  const answer = create(SearchAvailabilityResponseSchema, { nextPageToken: page.nextPageToken });
  answer.$unknown = page.offers.map((offer) => ({ no: HOTELS_FIELD, wireType: WireType.LengthDelimited, data: offers.data(offer) }));
  return answer;
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

const HOTELS_FIELD = SearchAvailabilityResponseSchema.field.hotels.number;
const HOTEL_FIELD = HotelAvailabilitySchema.field.hotel.number;
const ROOM_TYPE_FIELD = RoomTypeAvailabilitySchema.field.roomType.number;
/** Tag of HotelAvailability.distance_km, a double: field number, wire type 64-bit. Below 16, one byte. */
const DISTANCE_TAG = (HotelAvailabilitySchema.field.distanceKm.number << 3) | WireType.Bit64;

const roundedKm = (km: number): number => Math.round(km * 1000) / 1000;

const cachedHotelMessage = memoizedPerObject(hotelMessage);
const cachedRoomTypeMessage = memoizedPerObject(roomTypeMessage);
// An unknown field's data is written as it is after its tag: a length-delimited one's starts with
// its length, so these are kept framed, once per (immutable) hotel and room type.
const hotelBytes = memoizedPerObject((hotel: Hotel) => framed(0, toBinary(HotelSchema, cachedHotelMessage(hotel))));
const roomTypeBytes = memoizedPerObject((roomType: RoomType) => framed(0, toBinary(RoomTypeSchema, cachedRoomTypeMessage(roomType))));
/**
 * An offer's HotelAvailability framed (length first) as it goes out at distance 0, the same bytes
 * without the length to frame at other distances, and the rooms it was encoded from: an offer is
 * served from here only when its rooms are the same room type objects with the same rooms left
 * and price.
 */
interface Encoded {
  readonly rooms: readonly RoomOffer[];
  readonly atZero: Uint8Array;
  /** A view into `atZero`, past the length. */
  readonly body: Uint8Array;
  /** The last distance other than 0 it went out at, framed: searches around the same point repeat it. */
  last?: { readonly km: number; readonly framed: Uint8Array };
}

const sizeOf = (e: Encoded): number => e.atZero.length + (e.last?.framed.length ?? 0);

/**
 * Encoded offers by hotel object (hotels are immutable: a change is a new object), then by a hash
 * of the offer's numbers (no key string built per offer), at most `perHotel` per hotel (a few
 * stays and party sizes are in demand at a time) and `maxBytes` in all (plus the offers of the
 * hotel being served). Past that, the hotels remembered longest are forgotten first: the candidate
 * cache hands out new hotel objects every few seconds anyway, and the old ones' offers are not
 * asked for again.
 */
export class EncodedOffers {
  private readonly byHotel = new Map<Hotel, Map<number, Encoded>>();
  private held = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly perHotel = 32,
  ) {}

  /** Bytes of encoded offers held. */
  get bytes(): number {
    return this.held;
  }

  /** The data of the answer's hotels field for the offer. */
  data(offer: HotelOffer): Uint8Array {
    const encoded = this.encoded(offer);
    const km = roundedKm(offer.distanceKm);
    if (km !== 0 && encoded.last?.km !== km) {
      this.held -= sizeOf(encoded);
      encoded.last = { km, framed: framed(km, encoded.body) };
      this.held += sizeOf(encoded);
    }
    if (this.held > this.maxBytes) this.trim(offer.hotel);
    return km === 0 ? encoded.atZero : encoded.last!.framed;
  }

  private encoded(offer: HotelOffer): Encoded {
    let known = this.byHotel.get(offer.hotel);
    if (known === undefined) this.byHotel.set(offer.hotel, (known = new Map()));
    const key = roomsHash(offer.rooms);
    const found = known.get(key);
    if (found !== undefined && sameRooms(found.rooms, offer.rooms)) return found;
    // A collision replaces the other offer: it is encoded again when asked again.
    if (found !== undefined) this.forget(known, key);
    if (known.size >= this.perHotel) this.forget(known, known.keys().next().value!);
    const body = encodeOffer(offer);
    const atZero = framed(0, body);
    const encoded: Encoded = { rooms: offer.rooms, atZero, body: atZero.subarray(atZero.length - body.length) };
    known.set(key, encoded);
    this.held += sizeOf(encoded);
    return encoded;
  }

  private forget(known: Map<number, Encoded>, key: number): void {
    const gone = known.get(key);
    if (gone === undefined) return;
    known.delete(key);
    this.held -= sizeOf(gone);
  }

  /** Forgets the hotels remembered longest until within `maxBytes`, all but the one being served. */
  private trim(serving: Hotel): void {
    for (const [hotel, known] of this.byHotel) {
      if (this.held <= this.maxBytes) return;
      if (hotel === serving) continue;
      this.byHotel.delete(hotel);
      for (const e of known.values()) this.held -= sizeOf(e);
    }
  }
}

/** Encoded offers of this process: 32 MiB at most. */
const offers = new EncodedOffers(32 * 1024 * 1024);

function roomsHash(rooms: readonly RoomOffer[]): number {
  let h = rooms.length;
  for (const room of rooms) {
    const minor = room.totalPrice.amountMinor;
    h = Math.imul(h ^ room.roomsAvailable, 0x9e3779b1);
    h = Math.imul(h ^ minor, 0x85ebca6b);
    h = Math.imul(h ^ Math.floor(minor / 0x1_0000_0000), 0xc2b2ae35);
  }
  return h;
}

function sameRooms(a: readonly RoomOffer[], b: readonly RoomOffer[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i]!, b[i]!];
    if (x.roomType !== y.roomType || x.roomsAvailable !== y.roomsAvailable || x.totalPrice.amountMinor !== y.totalPrice.amountMinor || x.totalPrice.currency !== y.totalPrice.currency) return false;
  }
  return true;
}

/** The offer's HotelAvailability without its distance: the hotel, then its room types. */
function encodeOffer(offer: HotelOffer): Uint8Array {
  const message = create(HotelAvailabilitySchema, {
    roomTypes: offer.rooms.map((room) => {
      const roomType = create(RoomTypeAvailabilitySchema, { roomsAvailable: room.roomsAvailable, totalPrice: moneyMessage(room.totalPrice) });
      roomType.$unknown = [{ no: ROOM_TYPE_FIELD, wireType: WireType.LengthDelimited, data: roomTypeBytes(room.roomType) }];
      return roomType;
    }),
  });
  message.$unknown = [{ no: HOTEL_FIELD, wireType: WireType.LengthDelimited, data: hotelBytes(offer.hotel) }];
  return toBinary(HotelAvailabilitySchema, message);
}

// Protobuf writes a double's 8 bytes little-endian: set through one DataView, then copied.
const DOUBLE_BYTES = new Uint8Array(8);
const DOUBLE_VIEW = new DataView(DOUBLE_BYTES.buffer);

/** Length prefix, then distance_km unless 0 (the default, left out like the encoder does), then the rest. */
function framed(km: number, rest: Uint8Array): Uint8Array {
  const distance = km === 0 ? 0 : 9;
  const length = distance + rest.length;
  let prefix = 1;
  for (let n = length; n >= 0x80; n >>>= 7) prefix++;
  const out = new Uint8Array(prefix + length);
  let at = 0;
  let n = length;
  while (n >= 0x80) {
    out[at++] = (n & 0x7f) | 0x80;
    n >>>= 7;
  }
  out[at++] = n;
  if (distance) {
    out[at++] = DISTANCE_TAG;
    DOUBLE_VIEW.setFloat64(0, km, true);
    out.set(DOUBLE_BYTES, at);
    at += 8;
  }
  out.set(rest, at);
  return out;
}
