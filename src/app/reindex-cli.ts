import { createElasticsearch } from '../adapters/elasticsearch/create-elasticsearch.js';
import { openCliDatabase, progressPrinter } from './cli-database.js';
import { ConfigError, loadConfig, withoutCredentials } from './config.js';
import { reindexFromDatabase } from './reindex.js';

/**
 * `npm run reindex`: rebuilds the Elasticsearch hotel index (ELASTICSEARCH_URL, ELASTICSEARCH_INDEX)
 * from the hotels of record: a new index is loaded beside the live one, then the alias moves to it
 * in one step, so search keeps answering throughout.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.elasticsearchUrl) throw new ConfigError('npm run reindex needs ELASTICSEARCH_URL');
  const shownUrl = withoutCredentials(config.elasticsearchUrl);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const database = await openCliDatabase(config, log);
  const es = createElasticsearch({ url: config.elasticsearchUrl, index: config.elasticsearchIndex });
  try {
    const report = await reindexFromDatabase(
      database.postgres,
      es,
      (total) => log(`reindexing ${total} active hotels into ${config.elasticsearchIndex} at ${shownUrl}`),
      progressPrinter('hotels'),
    );
    log(`alias ${config.elasticsearchIndex} -> ${report.index} (${report.indexed} hotels)${report.replaced.length ? `; deleted ${report.replaced.join(', ')}` : ''}`);
  } finally {
    await es.close();
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
});
