import type { estypes } from '@elastic/elasticsearch';

/**
 * The hotel index: one document per hotel, its room types nested so that "a room type that sleeps
 * the guests" is one condition on one room type. Strict: a field the mapper forgets to declare is a
 * bug to see at once, not a dynamic mapping to discover later.
 */
export const HOTEL_INDEX_SETTINGS: estypes.IndicesIndexSettings = {
  number_of_shards: 1,
  // One node in tests and the demo; production raises it with the cluster (an index setting, no rebuild).
  number_of_replicas: 0,
  analysis: {
    analyzer: {
      // Accent- and case-insensitive words, for "hotel" to find "Hôtel"; no stemming (the english sub-field does that).
      folded: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding'] },
    },
  },
};

export const HOTEL_INDEX_MAPPINGS: estypes.MappingTypeMapping = {
  dynamic: 'strict',
  properties: {
    id: { type: 'keyword' },
    // Free text: english stems ("suites" finds "suite"); `folded` ignores accents; `raw` sorts by name.
    name: {
      type: 'text',
      analyzer: 'english',
      fields: { folded: { type: 'text', analyzer: 'folded' }, raw: { type: 'keyword' } },
    },
    // The free-text search's field: the name already cut into words by the core's `textWords`
    // (runs of letters and digits), then folded. The standard tokenizer alone would keep "l'hôtel"
    // as one token where Postgres' word-boundary match sees two; the node in tests has no
    // analysis-common module (no pattern tokenizer or mapping char filter), so the cut is made here.
    name_words: { type: 'text', analyzer: 'folded' },
    city: { type: 'text', analyzer: 'folded' },
    // The exact city match of the port: trimmed and lower-cased, as the Postgres adapter keys it.
    city_key: { type: 'keyword' },
    country_code: { type: 'keyword' },
    location: { type: 'geo_point' },
    amenities: { type: 'keyword' },
    status: { type: 'keyword' },
    // Kept to rebuild the hotel from the document; never searched.
    time_zone: { type: 'keyword', index: false, doc_values: false },
    currency: { type: 'keyword', index: false, doc_values: false },
    overbooking_percent: { type: 'integer', index: false, doc_values: false },
    room_types: {
      type: 'nested',
      properties: {
        id: { type: 'keyword' },
        name: { type: 'text', analyzer: 'english', fields: { folded: { type: 'text', analyzer: 'folded' } } },
        max_guests: { type: 'integer' },
        amenities: { type: 'keyword' },
      },
    },
  },
};
