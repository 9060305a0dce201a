import { resealGuestPii } from '../adapters/postgres/pii-rotation.js';
import { openCliDatabase, progressPrinter } from './cli-database.js';
import { ConfigError, loadConfig } from './config.js';
import { piiProtectorOf } from './pii.js';

/**
 * `npm run pii:rotate`: re-seals every guest name and email (reservations and outbox payloads, on
 * every shard) that is plaintext or sealed under a key other than PII_ACTIVE_KEY_ID, and rebuilds
 * email blind indexes made with another PII_INDEX_KEY. Keys and database come from the same
 * configuration as `npm start`. Safe while servers book; run it again after an interruption.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const pii = piiProtectorOf(config, log);
  const database = await openCliDatabase(config, log);
  try {
    const shards = database.postgres.router.shards;
    log(`re-sealing guest personal data under key ${pii.activeKeyId} on ${shards.length} shard(s)`);
    const bar = progressPrinter('rows checked');
    const report = await resealGuestPii({ shards, pii, onProgress: (p) => bar(p.done, p.total) });
    for (const s of report.shards) {
      log(`${s.name}: ${Object.entries(s.tables).map(([table, n]) => `${table} ${n.resealed}/${n.checked}`).join(', ')} re-sealed`);
    }
    console.log(`${report.resealed} of ${report.checked} rows re-sealed under key ${pii.activeKeyId}; older keys can be removed once every shard is done`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
});
