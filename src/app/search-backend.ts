import type { Logger } from 'pino';
import type { DomainEvent } from '../core/events/domain-event.js';
import { createElasticsearch } from '../adapters/elasticsearch/create-elasticsearch.js';
import type { HotelIndex } from '../ports/hotel-index.js';
import type { HotelSearch } from '../ports/hotel-search.js';
import { withoutCredentials, type Config } from './config.js';

export interface SearchBackend {
  readonly hotelSearch: HotelSearch;
  /** Set when the search runs on an index that the indexer consumer must keep up to date. */
  readonly hotelIndex: HotelIndex | undefined;
  readonly ping: (() => Promise<boolean>) | undefined;
  /** How long after a write returns the index may still answer without it (Elasticsearch: its 1 s refresh, with margin). */
  readonly visibleWithinMs: number;
  close(): Promise<void>;
}

/** SEARCH_BACKEND: the database's own search (default), or Elasticsearch fed from the outbox. */
export async function searchBackend(config: Config, database: HotelSearch, log: Logger): Promise<SearchBackend> {
  if (config.searchBackend === 'postgres' || !config.elasticsearchUrl) {
    return { hotelSearch: database, hotelIndex: undefined, ping: undefined, visibleWithinMs: 0, close: async () => undefined };
  }
  const es = createElasticsearch({ url: config.elasticsearchUrl, index: config.elasticsearchIndex });
  try {
    if (await es.ensureIndex()) log.warn({ index: config.elasticsearchIndex }, 'created an empty hotel index: run `npm run reindex` to load the hotels already in the database');
  } catch (error) {
    await es.close();
    throw error;
  }
  log.info({ url: withoutCredentials(config.elasticsearchUrl), index: config.elasticsearchIndex }, 'searching hotels in Elasticsearch');
  return { hotelSearch: es.hotelSearch, hotelIndex: es.hotelIndex, ping: () => es.ping(), visibleWithinMs: 2_000, close: () => es.close() };
}

/**
 * The indexer's handler, patient with the index: a failed write is retried here with back-off
 * (100 ms doubling to 2 s) for as long as it takes, holding the consumer's later events behind it in
 * order, instead of spending the bus's few attempts and dead-lettering the change during an
 * Elasticsearch outage. Stopping the app (`signal`) hands the event back to the bus undelivered.
 */
export function patient(handle: (event: DomainEvent) => Promise<void>, signal: AbortSignal, onRetry: (error: unknown, attempt: number) => void) {
  return async (event: DomainEvent): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await handle(event);
      } catch (error) {
        if (signal.aborted) throw error;
        onRetry(error, attempt);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(2_000, 100 * 2 ** (attempt - 1)));
          signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
        });
      }
    }
  };
}
