import type { EntityManager } from '@mikro-orm/postgresql';
import { MAX_TEXT_WORDS, textWords } from '../../core/search/free-text.js';
import type { Candidate, CandidateQuery, HotelSearch } from '../../ports/hotel-search.js';
import { boundingBox, type LongitudeSpan } from './bounding-box.js';
import { Hotel, type HotelStatus } from '../../core/hotel/hotel.js';
import { RoomType } from '../../core/hotel/room-type.js';
import { cityKey } from './hotel.mapper.js';
import { arrayLiteral, float8 } from './sql-values.js';

// Both shapes share these filters: an active hotel with every amenity asked for, and an active room
// type that sleeps the guests (deleted hotels and room types are gone from search at once).
const COMMON_FILTERS = `
     and h.status = 'ACTIVE'
     and h.amenities @> :amenities::text[]
     and exists (select 1 from room_types as rt where rt.hotel_id = h.id and rt.active and rt.max_guests >= :guests)`;

/**
 * One condition per word of the text: the folded word between non-alphanumerics (or the ends) of
 * the folded name, the same words Elasticsearch's `words` analyzer cuts. Each pattern is a
 * constant at planning time, so the trigram index on `hotel_text_fold(name)` serves it.
 */
function textFilter(count: number): string {
  return Array.from({ length: count }, (_, i) => `
     and hotel_text_fold(h.name) ~ ('(^|[^[:alnum:]])' || hotel_text_fold(:w${i}) || '([^[:alnum:]]|$)')`).join('');
}

// The room types that sleep the guests, in the port's order, in the hotel's own row: one query, and
// rows mapped straight to domain objects (no ORM entity hydration on the read path).
const ROOM_TYPES = `(
  select json_agg(json_build_object('id', rt.id, 'name', rt.name, 'max_guests', rt.max_guests, 'amenities', rt.amenities) order by rt.name, rt.id)
    from room_types as rt
   where rt.hotel_id = h.id and rt.active and rt.max_guests >= :guests
) as room_types`;

const score = (hasText: boolean): string => (hasText ? 'similarity(hotel_text_fold(h.name), hotel_text_fold(:text))' : '0');

const citySql = (words: number, byRelevance: boolean): string => `
select h.*, 0 as distance_km, ${score(words > 0)} as score, ${ROOM_TYPES}
  from hotels as h
 where h.city_key = :cityKey ${COMMON_FILTERS} ${textFilter(words)}
 order by ${byRelevance ? 'score desc, ' : ''}h.name, h.id
 limit :limit`;

/** Haversine on the same sphere as the core's `distanceKm`; `least(1, ...)` guards asin against rounding. */
const circleSql = (longitudeFilter: string, words: number, byRelevance: boolean): string => `
select *
  from (
    select h.*,
           2 * 6371.0088 * asin(least(1, sqrt(
               power(sin(radians(h.latitude - :lat::float8) / 2), 2)
             + cos(radians(:lat::float8)) * cos(radians(h.latitude)) * power(sin(radians(h.longitude - :lon::float8) / 2), 2)
           ))) as distance_km,
           ${score(words > 0)} as score,
           ${ROOM_TYPES}
      from hotels as h
     where h.latitude between :minLat::float8 and :maxLat::float8
       and ${longitudeFilter} ${COMMON_FILTERS} ${textFilter(words)}
  ) as c
 where c.distance_km <= :radius::float8
 order by ${byRelevance ? 'c.score desc, ' : ''}c.distance_km, c.name, c.id
 limit :limit`;

function longitudeFilter(span: LongitudeSpan): string {
  switch (span.kind) {
    case 'all':
      return 'true';
    case 'range':
      return 'h.longitude between :minLon::float8 and :maxLon::float8';
    case 'wrap':
      return '(h.longitude >= :minLon::float8 or h.longitude <= :maxLon::float8)';
  }
}

interface HotelRow {
  id: string;
  name: string;
  city: string;
  country_code: string;
  latitude: number;
  longitude: number;
  time_zone: string;
  currency: string;
  amenities: string[];
  overbooking_percent: number;
  status: string;
  distance_km: number | string;
  score: number | string;
  room_types: { id: string; name: string; max_guests: number; amenities: string[] }[] | null;
}

/**
 * Postgres implementation of the search port for the embedded default: a city key or a bounding
 * box on the (latitude, longitude) index, then the exact distance. One query: each hotel row carries
 * its room types that sleep the guests.
 */
export class PostgresHotelSearch implements HotelSearch {
  constructor(private readonly em: EntityManager) {}

  async findCandidates(query: CandidateQuery): Promise<Candidate[]> {
    const em = this.em.fork({ clear: true });
    const words = textWords(query.text ?? '').slice(0, MAX_TEXT_WORDS);
    const byRelevance = query.order === 'relevance' && words.length > 0;
    const text = words.length > 0 ? { text: words.join(' '), ...Object.fromEntries(words.map((w, i) => [`w${i}`, w])) } : {};
    const common = { amenities: arrayLiteral(query.amenities), guests: integer(query.guests), limit: integer(query.limit), ...text };
    let rows: HotelRow[];
    if (query.area.kind === 'city') {
      rows = await em.execute<HotelRow[]>(citySql(words.length, byRelevance), { ...common, cityKey: cityKey(query.area.city) });
    } else {
      const { center, radiusKm } = query.area;
      const box = boundingBox(center, radiusKm);
      // Floats travel as quoted text and are cast in SQL: MikroORM inlines parameters into the text.
      const span = box.longitude.kind === 'all' ? {} : { minLon: float8(box.longitude.min), maxLon: float8(box.longitude.max) };
      rows = await em.execute<HotelRow[]>(circleSql(longitudeFilter(box.longitude), words.length, byRelevance), {
        ...common,
        ...span,
        lat: float8(center.latitude),
        lon: float8(center.longitude),
        minLat: float8(box.minLatitude),
        maxLat: float8(box.maxLatitude),
        radius: float8(radiusKm),
      });
    }
    return rows.map((row) => {
      const hotel = Hotel.rehydrate({
        id: row.id,
        name: row.name,
        city: row.city,
        countryCode: row.country_code,
        location: { latitude: Number(row.latitude), longitude: Number(row.longitude) },
        timeZone: row.time_zone,
        currency: row.currency,
        amenities: row.amenities,
        overbookingPercent: Number(row.overbooking_percent),
        status: row.status as HotelStatus,
      });
      const roomTypes = (row.room_types ?? []).map((rt) =>
        RoomType.rehydrate({ id: rt.id, hotelId: row.id, name: rt.name, maxGuests: rt.max_guests, amenities: rt.amenities, active: true }),
      );
      return { hotel, distanceKm: Number(row.distance_km), score: Number(row.score), roomTypes };
    });
  }
}

function integer(n: number): number {
  if (!Number.isSafeInteger(n)) throw new RangeError(`expected an integer, got ${n}`);
  return n;
}
