import { checkAmenities } from '../hotel/amenities.js';
import type { Hotel } from '../hotel/hotel.js';
import { isValidGeoPoint } from '../hotel/geo-point.js';
import type { RoomType } from '../hotel/room-type.js';
import { availableRooms, type InventoryNight } from '../inventory/inventory-night.js';
import { checkRestrictions } from '../inventory/restrictions.js';
import { Money } from '../money/money.js';
import { Violations, type InvalidArgument } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { parseRange, STAY_RULES, type DateRange } from '../time/date-range.js';
import { dateInZone } from '../time/time-zone.js';
import { MAX_TEXT_LENGTH, MAX_TEXT_WORDS, textWords } from './free-text.js';
import type { AvailabilityReader } from '../../ports/availability-reader.js';
import type { Clock } from '../../ports/clock.js';
import type { Candidate, HotelSearch, SearchArea } from '../../ports/hotel-search.js';
import type { PageTokens } from '../../ports/page-tokens.js';

export interface SearchQuery {
  readonly area: SearchArea;
  readonly checkIn: string;
  readonly checkOut: string;
  readonly guests: number;
  readonly amenities: readonly string[];
  /** Free text on the hotel name (every word must appear); empty or absent for none. */
  readonly text?: string;
  /** 0 means the default. */
  readonly pageSize: number;
  /** Default: nearest first for a circle, by name for a city. */
  readonly sort?: SearchSort;
  /** `nextPageToken` of the previous page of the same search; empty or absent for the first. */
  readonly pageToken?: string;
}

export type SearchSort = 'default' | 'distance' | 'price' | 'name' | 'relevance';

export interface SearchPage {
  readonly offers: HotelOffer[];
  /** Empty on the last page. */
  readonly nextPageToken: string;
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

export const SEARCH_LIMITS = {
  defaultPageSize: 20,
  maxPageSize: 100,
  maxRadiusKm: 500,
  maxGuests: 20,
  /** Pages in the area's own order reach this deep into the candidates. */
  maxCandidateWindow: 1_000,
  /** A sort the index cannot do (price; name within a circle) ranks this many candidates of the area's own order. */
  maxSortedCandidates: 300,
} as const;
// Some candidates turn out sold out; asking the index for more keeps pages full without a second round trip.
const CANDIDATE_OVERFETCH = 3;

/** Hotels with at least one room type that sleeps the guests and is available every night of the stay. */
export class SearchAvailability {
  constructor(
    private readonly deps: { readonly hotels: HotelSearch; readonly availability: AvailabilityReader; readonly clock: Clock; readonly pageTokens: PageTokens },
  ) {}

  /** The first page's offers (no page token, no next page): for callers that want no paging. */
  async execute(q: SearchQuery): Promise<Result<HotelOffer[], InvalidArgument>> {
    const page = await this.page(q);
    return page.ok ? ok(page.value.offers) : page;
  }

  /**
   * One page of offers. In the area's own order (nearest first, by name for a city) a page token
   * holds the position in the candidate list, so pages never skip or repeat a hotel while the hotels
   * stay as they are; a page may hold fewer than `pageSize` offers where sold-out hotels were
   * skipped, and the last page has no token. Other sorts (price; name within a circle) rank the first
   * `maxSortedCandidates` candidates of the area.
   */
  async page(q: SearchQuery): Promise<Result<SearchPage, InvalidArgument>> {
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
    const sort = q.sort ?? 'default';
    v.require(sort !== 'distance' || q.area.kind === 'circle', 'sort', 'distance needs a search near a point');
    checkAmenities(q.amenities, 'amenities', v);
    const text = (q.text ?? '').trim();
    const words = textWords(text);
    v.require(text.length <= MAX_TEXT_LENGTH, 'query', `must be at most ${MAX_TEXT_LENGTH} characters`);
    v.require(text.length === 0 || (words.length >= 1 && words.length <= MAX_TEXT_WORDS), 'query', `must have 1 to ${MAX_TEXT_WORDS} words of letters or digits`);
    v.require(sort !== 'relevance' || text.length > 0, 'sort', 'relevance needs a query');
    const limit = q.pageSize || SEARCH_LIMITS.defaultPageSize;
    // The token is bound to every criterion: replayed with other criteria it fails like an altered one.
    const scope = JSON.stringify(['search', q.area, q.checkIn, q.checkOut, q.guests, [...q.amenities].sort(), sort, limit, ...(text ? [text] : [])]);
    let offset = 0;
    if (q.pageToken) {
      const position = this.deps.pageTokens.read(scope, q.pageToken);
      const at = position?.length === 1 ? position[0] : undefined;
      if (typeof at === 'number' && Number.isSafeInteger(at) && at >= 0) offset = at;
      else v.add('page_token', 'is not a page token of this search: altered, or issued for other criteria');
    }
    if (!v.isEmpty || !stay.ok) return err(v.toError());

    const ownOrder = sort === 'default' || sort === 'relevance' || (sort === 'distance' && q.area.kind === 'circle') || (sort === 'name' && q.area.kind === 'city');
    const window = ownOrder ? Math.min(SEARCH_LIMITS.maxCandidateWindow, offset + limit * CANDIDATE_OVERFETCH) : SEARCH_LIMITS.maxSortedCandidates;
    const candidates = await this.deps.hotels.findCandidates({
      area: q.area,
      amenities: q.amenities,
      guests: q.guests,
      ...(text ? { text } : {}),
      order: sort === 'relevance' ? 'relevance' : 'area',
      limit: window,
    });
    // dateInZone remembers each zone's date for the minute, so asking per candidate costs a lookup.
    const open = (c: Candidate) => !stay.value.checkIn.isBefore(dateInZone(now, c.hotel.timeZone));
    const offerOf = async (list: readonly Candidate[]): Promise<(HotelOffer | undefined)[]> => {
      const refs = list.flatMap((c) => c.roomTypes.map((rt) => ({ hotelId: c.hotel.id, roomTypeId: rt.id })));
      const nights = refs.length === 0 ? [] : await this.deps.availability.nightsByRoomType(refs, stay.value);
      // The answers come in the order asked: each candidate's room types, one after the other.
      let at = 0;
      return list.map((c) => {
        const first = at;
        at += c.roomTypes.length;
        const rooms = open(c) ? offersFor(c, stay.value, nights, first) : [];
        return rooms.length > 0 ? { hotel: c.hotel, distanceKm: c.distanceKm, rooms } : undefined;
      });
    };

    if (ownOrder) {
      const slice = candidates.slice(offset);
      const offers: HotelOffer[] = [];
      let consumed = 0;
      // Availability for just enough candidates: most are bookable, so the first batch of `limit`
      // usually fills the page; the overfetched rest is read only when sold-out hotels were skipped.
      while (offers.length < limit && consumed < slice.length) {
        const batch = slice.slice(consumed, consumed + Math.max(limit - offers.length, Math.ceil(limit / 4)));
        for (const offer of await offerOf(batch)) {
          consumed++;
          if (offer) offers.push(offer);
          if (offers.length === limit) break;
        }
      }
      const next = offset + consumed;
      // More may follow when candidates remain, or when the window was full (the area may hold more).
      const more = next < candidates.length || (candidates.length === window && window < SEARCH_LIMITS.maxCandidateWindow);
      return ok({ offers, nextPageToken: more ? this.deps.pageTokens.issue(scope, [next]) : '' });
    }

    const ranked = (await offerOf(candidates)).filter((o): o is HotelOffer => o !== undefined).sort(sort === 'price' ? byPrice : byName);
    const offers = ranked.slice(offset, offset + limit);
    return ok({ offers, nextPageToken: offset + limit < ranked.length ? this.deps.pageTokens.issue(scope, [offset + limit]) : '' });
  }
}

const codepointOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byName = (a: HotelOffer, b: HotelOffer): number => codepointOrder(a.hotel.name, b.hotel.name) || codepointOrder(a.hotel.id, b.hotel.id);
const cheapest = (o: HotelOffer): number => Math.min(...o.rooms.map((r) => r.totalPrice.amountMinor));
/** Lowest stay price first; prices in different currencies are not compared, so currency comes first. */
const byPrice = (a: HotelOffer, b: HotelOffer): number => codepointOrder(a.hotel.currency, b.hotel.currency) || cheapest(a) - cheapest(b) || byName(a, b);

/** The candidate's room types' offers, from their nights at `nightsByRoomType[at]` onwards. */
function offersFor(candidate: Candidate, stay: DateRange, nightsByRoomType: readonly (readonly InventoryNight[])[], at: number): RoomOffer[] {
  const offers: RoomOffer[] = [];
  const { currency, overbookingPercent } = candidate.hotel;
  const [first, end] = [stay.checkIn.epochDay, stay.checkOut.epochDay];
  for (const [i, roomType] of candidate.roomTypes.entries()) {
    const nights = nightsByRoomType[at + i] ?? [];
    // One pass, no intermediate arrays (a search prices ~60 room types): nights covered, rooms left
    // on the scarcest night, and the stay's total. The departure day's row counts only for its
    // restrictions.
    let covered = 0;
    let fewest = Infinity;
    let total = 0;
    for (const night of nights) {
      const day = night.date.epochDay;
      if (day < first || day >= end) continue;
      covered++;
      fewest = Math.min(fewest, availableRooms(night, overbookingPercent));
      if (night.price.currency !== currency) throw new RangeError(`cannot add ${night.price.currency} to ${currency}`);
      total += night.price.amountMinor;
    }
    // Inventory has one row per night at most: every night is covered when as many rows fall in the stay.
    if (covered < stay.nightCount) continue;
    // A stay the hotel's restrictions refuse (stop-sell, closed to arrival, length of stay) cannot be booked: not an offer.
    if (checkRestrictions(stay, nights)) continue;
    if (fewest <= 0) continue;
    offers.push({ roomType, roomsAvailable: fewest, totalPrice: Money.of(total, currency) });
  }
  return offers;
}
