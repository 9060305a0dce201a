import type { EntityManager } from '@mikro-orm/postgresql';
import { MAX_TEXT_WORDS, textWords } from '../../core/search/free-text.js';
import type { Candidate, CandidateQuery, HotelSearch } from '../../ports/hotel-search.js';
import { boundingBox, type LongitudeSpan } from './bounding-box.js';
import { cityKey, toDomain as hotelToDomain } from './hotel.mapper.js';
import { HotelSchema } from './records/hotel.record.js';
import { RoomTypeSchema } from './records/room-type.record.js';
import { toDomain as roomTypeToDomain } from './room-type.mapper.js';
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

const score = (hasText: boolean): string => (hasText ? 'similarity(hotel_text_fold(h.name), hotel_text_fold(:text))' : '0');

const citySql = (words: number, byRelevance: boolean): string => `
select h.*, 0 as distance_km, ${score(words > 0)} as score
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
           ${score(words > 0)} as score
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

interface HotelRow extends Record<string, unknown> {
  distance_km: number | string;
  score: number | string;
}

/**
 * Postgres implementation of the search port for the embedded default: a city key or a bounding
 * box on the (latitude, longitude) index, then the exact distance. Two queries: hotels, then their
 * room types that sleep the guests.
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
    if (rows.length === 0) return [];

    const hotelIds = rows.map((row) => String(row['id']));
    const roomTypes = await em.find(
      RoomTypeSchema,
      { hotelId: { $in: hotelIds }, maxGuests: { $gte: query.guests }, active: true },
      { orderBy: { hotelId: 'asc', name: 'asc', id: 'asc' }, disableIdentityMap: true },
    );
    return rows.map(({ distance_km, score, ...hotelRow }) => {
      const hotel = hotelToDomain(em.map(HotelSchema, hotelRow, { disableIdentityMap: true }));
      return {
        hotel,
        distanceKm: Number(distance_km),
        score: Number(score),
        roomTypes: roomTypes.filter((rt) => rt.hotelId === hotel.id).map(roomTypeToDomain),
      };
    });
  }
}

function integer(n: number): number {
  if (!Number.isSafeInteger(n)) throw new RangeError(`expected an integer, got ${n}`);
  return n;
}
