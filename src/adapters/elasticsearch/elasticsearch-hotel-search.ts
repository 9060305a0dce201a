import type { Client, estypes } from '@elastic/elasticsearch';
import { distanceKm } from '../../core/hotel/geo-point.js';
import { textWords } from '../../core/search/free-text.js';
import type { Candidate, CandidateQuery, HotelSearch } from '../../ports/hotel-search.js';
import { cityKey, codepointOrder, hotelOf, roomTypesOf, type HotelDocument } from './hotel-document.mapper.js';

// Elasticsearch stores a geo_point in 32-bit quantised degrees (~1 cm): it filters and sorts on a
// circle a little wider than asked, then the exact distance (the core's haversine on the stored
// coordinates) decides membership and order, so both adapters agree to the last metre.
const RADIUS_PADDING_KM = 0.01;
// Candidates whose exact order may differ from the index's quantised one sit within ~1 cm of each
// other at the cut; a few more than the limit lets the exact sort pick the right ones.
const SORT_SLACK = 10;

/**
 * Elasticsearch implementation of the search port: a bool query of filters (city key or
 * geo_distance, one term per amenity, a nested room type with enough beds, active hotels) over an
 * alias, so that a rebuild can swap the index underneath. Nearest first for a circle, by name for a city.
 */
export class ElasticsearchHotelSearch implements HotelSearch {
  constructor(
    private readonly client: Client,
    /** The alias (or index) to search. */
    private readonly index: string,
  ) {}

  async findCandidates(query: CandidateQuery): Promise<Candidate[]> {
    const filter: estypes.QueryDslQueryContainer[] = [
      { term: { status: 'ACTIVE' } },
      ...query.amenities.map((code) => ({ term: { amenities: code } })),
      { nested: { path: 'room_types', query: { range: { 'room_types.max_guests': { gte: query.guests } } } } },
    ];
    // Every word required, cut as the documents' `name_words` were; BM25 scores the matches for relevance.
    const text = textWords(query.text ?? '').join(' ');
    const must: estypes.QueryDslQueryContainer[] = text ? [{ match: { name_words: { query: text, operator: 'and' } } }] : [];
    const byRelevance = query.order === 'relevance' && text.length > 0;
    const byName: estypes.SortCombinations[] = [{ 'name.raw': 'asc' }, { id: 'asc' }];
    let sort: estypes.SortCombinations[];
    let size = query.limit;
    const area = query.area;
    if (area.kind === 'city') {
      filter.push({ term: { city_key: cityKey(area.city) } });
      sort = byName;
    } else {
      const center = { lat: area.center.latitude, lon: area.center.longitude };
      filter.push({ geo_distance: { distance: `${area.radiusKm + RADIUS_PADDING_KM}km`, location: center } });
      sort = [{ _geo_distance: { location: center, order: 'asc', unit: 'km', distance_type: 'arc' } }, ...byName];
      size += SORT_SLACK;
    }
    if (byRelevance) sort = [{ _score: { order: 'desc' } }, ...byName];
    const response = await this.client.search<HotelDocument>({
      index: this.index,
      query: { bool: { filter, must } },
      sort,
      size,
      track_total_hits: false,
      track_scores: text.length > 0,
    });
    const candidates = response.hits.hits.flatMap((hit) => {
      const doc = hit._source;
      if (!doc) return [];
      const hotel = hotelOf(doc);
      const distance = area.kind === 'circle' ? distanceKm(area.center, hotel.location) : 0;
      if (area.kind === 'circle' && distance > area.radiusKm) return [];
      return [{ hotel, distanceKm: distance, roomTypes: roomTypesOf(doc, query.guests), score: hit._score ?? 0 }];
    });
    if (area.kind === 'circle' && !byRelevance) {
      candidates.sort((a, b) => a.distanceKm - b.distanceKm || codepointOrder(a.hotel.name, b.hotel.name) || codepointOrder(a.hotel.id, b.hotel.id));
    }
    return candidates.slice(0, query.limit);
  }
}
