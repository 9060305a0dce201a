import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { readStatus } from './elasticsearch.js';

/** Enough for the first build on a fresh machine (Maven downloads ~50 MB) while other tests load the cores. */
export const ELASTICSEARCH_START_TIMEOUT_MS = 180_000;

/** The URL of the run's Elasticsearch node, once it answers (polls the global setup's status file). */
export async function elasticsearchUrl(): Promise<string> {
  const file = inject('elasticsearchStatusFile');
  const deadline = Date.now() + ELASTICSEARCH_START_TIMEOUT_MS - 5_000;
  for (;;) {
    const status = readStatus(file);
    if (status && 'url' in status) return status.url;
    if (status) throw new Error(`the test Elasticsearch node did not start: ${status.failure}`);
    if (Date.now() > deadline) throw new Error(`the test Elasticsearch node was not ready within ${ELASTICSEARCH_START_TIMEOUT_MS} ms (${file})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A fresh alias name, so test files sharing the node never see each other's hotels. */
export const uniqueIndexName = (what: string): string => `test-${what}-${process.pid}-${randomBytes(4).toString('hex')}`;
