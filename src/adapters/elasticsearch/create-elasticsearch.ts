import { Client } from '@elastic/elasticsearch';
import type { HotelIndex, IndexedHotel } from '../../ports/hotel-index.js';
import type { HotelSearch } from '../../ports/hotel-search.js';
import { ElasticsearchHotelIndex } from './elasticsearch-hotel-index.js';
import { ElasticsearchHotelSearch } from './elasticsearch-hotel-search.js';
import { ensureHotelIndex, rebuildHotelIndex, type RebuildProgress, type RebuildReport } from './hotel-index-lifecycle.js';

export interface ElasticsearchConfig {
  readonly url: string;
  /** Alias of the hotel index; one per environment (e.g. `hotels-production`). */
  readonly index: string;
  /** true: writes are searchable when they return (tests). Default: the index's 1 s refresh. */
  readonly refresh?: boolean;
}

export interface ElasticsearchAdapter {
  readonly hotelSearch: HotelSearch;
  readonly hotelIndex: HotelIndex;
  /** Creates the index and its alias if missing. */
  ensureIndex(): Promise<boolean>;
  rebuild(
    source: AsyncIterable<readonly IndexedHotel[]>,
    options?: { total?: number; onProgress?: (progress: RebuildProgress) => void },
  ): Promise<RebuildReport>;
  /** Makes every write so far visible to search (tests, the end of a bulk load). */
  refresh(): Promise<void>;
  /** Deletes the indices behind the alias (tests, tearing an environment down). */
  dropIndex(): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export function createElasticsearch(config: ElasticsearchConfig): ElasticsearchAdapter {
  const client = new Client({ node: config.url, requestTimeout: 10_000, maxRetries: 2 });
  return {
    hotelSearch: new ElasticsearchHotelSearch(client, config.index),
    hotelIndex: new ElasticsearchHotelIndex(client, config.index, config.refresh ?? false),
    ensureIndex: () => ensureHotelIndex(client, config.index),
    rebuild: (source, options = {}) => rebuildHotelIndex(client, config.index, source, options),
    async refresh() {
      await client.indices.refresh({ index: config.index });
    },
    async dropIndex() {
      if (!(await client.indices.existsAlias({ name: config.index }))) return;
      await client.indices.delete({ index: Object.keys(await client.indices.getAlias({ name: config.index })) });
    },
    ping: () => client.ping().catch(() => false),
    close: () => client.close(),
  };
}
