import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One real Elasticsearch node per run, started in the background (test/support/elasticsearch.ts).
    globalSetup: ['test/support/elasticsearch.ts'],
    // Integration and end-to-end files start real servers and databases; unit tests finish in milliseconds anyway.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
