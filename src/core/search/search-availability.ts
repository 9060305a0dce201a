import type { Hotel } from '../hotel/hotel.js';
import { isValidGeoPoint } from '../hotel/geo-point.js';
import type { RoomType } from '../hotel/room-type.js';
import { availableRooms, type InventoryNight } from '../inventory/inventory-night.js';
import { Money } from '../money/money.js';
import { Violations, type InvalidArgument } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import type { CalendarDate } from '../time/calendar-date.js';
import { parseRange, STAY_RULES, type DateRange } from '../time/date-range.js';
import { dateInZone } from '../time/time-zone.js';
import type { AvailabilityReader } from '../../ports/availability-reader.js';
import type { Clock } from '../../ports/clock.js';
import type { Candidate, HotelSearch, SearchArea } from '../../ports/hotel-search.js';

export interface SearchQuery {
  readonly area: SearchArea;
  readonly checkIn: string;
  readonly checkOut: string;
  readonly guests: number;
  readonly amenities: readonly string[];
  /** 0 means the default. */
  readonly pageSize: number;
}

export interface RoomOffer {
  readonly roomType: RoomType;
  /** Rooms left on the scarcest night. */
  readonly roomsAvailable: number;
  readonly totalPrice: Money;
}

export interface HotelOffer {
  readonly hotel: Hotel;
  readonly distanceKm: number;
  readonly rooms: readonly RoomOffer[];
}

export const SEARCH_LIMITS = { defaultPageSize: 20, maxPageSize: 100, maxRadiusKm: 500, maxGuests: 20 } as const;
// Some candidates turn out sold out; asking the index for more keeps pages full without a second round trip.
const CANDIDATE_OVERFETCH = 3;

/** Hotels with at least one room type that sleeps the guests and is available every night of the stay. */
export class SearchAvailability {
  constructor(private readonly deps: { readonly hotels: HotelSearch; readonly availability: AvailabilityReader; readonly clock: Clock }) {}

  async execute(q: SearchQuery): Promise<Result<HotelOffer[], InvalidArgument>> {
    const v = new Violations();
    if (q.area.kind === 'city') {
      v.require(q.area.city.trim().length > 0 && q.area.city.length <= 100, 'city', 'must be 1-100 characters');
    } else {
      v.require(isValidGeoPoint(q.area.center), 'near', 'latitude must be -90..90 and longitude -180..180');
      v.require(q.area.radiusKm > 0 && q.area.radiusKm <= SEARCH_LIMITS.maxRadiusKm, 'near.radius_km', `must be greater than 0 and at most ${SEARCH_LIMITS.maxRadiusKm}`);
    }
    v.require(Number.isInteger(q.guests) && q.guests >= 1 && q.guests <= SEARCH_LIMITS.maxGuests, 'guests', `must be from 1 to ${SEARCH_LIMITS.maxGuests}`);
    v.require(Number.isInteger(q.pageSize) && q.pageSize >= 0 && q.pageSize <= SEARCH_LIMITS.maxPageSize, 'page_size', `must be from 0 to ${SEARCH_LIMITS.maxPageSize}`);
    // Hotels span time zones: accept any stay that has not started somewhere on Earth (UTC-12),
    // then drop hotels where it has started in their own zone.
    const now = this.deps.clock.now();
    const earliestToday = dateInZone(now, 'Etc/GMT+12');
    const stay = parseRange(q.checkIn, q.checkOut, { start: 'check_in', end: 'check_out' }, { today: earliestToday, ...STAY_RULES });
    if (!stay.ok) stay.error.forEach((f) => v.add(f.field, f.description));
    if (!v.isEmpty || !stay.ok) return err(v.toError());

    const limit = q.pageSize || SEARCH_LIMITS.defaultPageSize;
    const candidates = (
      await this.deps.hotels.findCandidates({ area: q.area, amenities: q.amenities, guests: q.guests, limit: limit * CANDIDATE_OVERFETCH })
    ).filter((c) => !stay.value.checkIn.isBefore(dateInZone(now, c.hotel.timeZone)));

    const refs = candidates.flatMap((c) => c.roomTypes.map((rt) => ({ hotelId: c.hotel.id, roomTypeId: rt.id })));
    const nights = refs.length === 0 ? [] : await this.deps.availability.nights(refs, stay.value);
    const byRoomType = groupBy(nights, (n) => `${n.hotelId}/${n.roomTypeId}`);

    const offers: HotelOffer[] = [];
    for (const candidate of candidates) {
      const rooms = offersFor(candidate, stay.value, byRoomType);
      if (rooms.length > 0) offers.push({ hotel: candidate.hotel, distanceKm: candidate.distanceKm, rooms });
      if (offers.length === limit) break;
    }
    return ok(offers);
  }
}

function offersFor(candidate: Candidate, stay: DateRange, nightsByRoomType: Map<string, InventoryNight[]>): RoomOffer[] {
  const offers: RoomOffer[] = [];
  for (const roomType of candidate.roomTypes) {
    const nights = nightsByRoomType.get(`${candidate.hotel.id}/${roomType.id}`) ?? [];
    const covered = new Set(nights.map((n) => n.date.epochDay));
    if (!stay.nights().every((d: CalendarDate) => covered.has(d.epochDay))) continue;
    const roomsAvailable = Math.min(...nights.map((n) => availableRooms(n, candidate.hotel.overbookingPercent)));
    if (roomsAvailable <= 0) continue;
    offers.push({ roomType, roomsAvailable, totalPrice: Money.sum(nights.map((n) => n.price), candidate.hotel.currency) });
  }
  return offers;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
