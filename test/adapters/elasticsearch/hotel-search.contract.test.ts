import { createElasticsearch } from '../../../src/adapters/elasticsearch/create-elasticsearch.js';
import { describeHotelSearchContract } from '../../contract/hotel-search.contract.js';
import { elasticsearchUrl, uniqueIndexName } from '../../support/es-url.js';

describeHotelSearchContract('Elasticsearch', async () => {
  const es = createElasticsearch({ url: await elasticsearchUrl(), index: uniqueIndexName('contract') });
  await es.ensureIndex();
  return {
    search: es.hotelSearch,
    async load(entries) {
      for (const entry of entries) await es.hotelIndex.put(entry);
      await es.refresh();
    },
    async dispose() {
      await es.dropIndex();
      await es.close();
    },
  };
});
