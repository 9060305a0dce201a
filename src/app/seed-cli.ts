import { parseArgs } from 'node:util';
import { randomIdGenerator } from '../adapters/system/random-id-generator.js';
import { systemClock } from '../adapters/system/system-clock.js';
import { CreateHotel } from '../core/admin/create-hotel.js';
import { CreateRoomType } from '../core/admin/create-room-type.js';
import { SetInventory } from '../core/admin/set-inventory.js';
import { openCliDatabase, progressPrinter } from './cli-database.js';
import { ConfigError, loadConfig } from './config.js';
import { seedHotels } from './seed-data.js';

/**
 * `npm run seed -- --hotels 5000 [--nights 365] [--concurrency 8]`: adds a realistic data set (see
 * `seedHotels`) to the database `npm start` uses (DATABASE_URL, SHARD_MAP or the embedded shards).
 * With SEARCH_BACKEND=elasticsearch, run `npm run reindex` after it (or let the indexer catch up).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { hotels: { type: 'string', default: '500' }, nights: { type: 'string', default: '365' }, concurrency: { type: 'string', default: '8' } } });
  const hotels = positive(values.hotels, '--hotels', 1_000_000);
  const nights = positive(values.nights, '--nights', 730);
  const concurrency = positive(values.concurrency, '--concurrency', 64);
  const config = loadConfig();
  const database = await openCliDatabase(config, (line) => process.stderr.write(`${line}\n`));
  try {
    const deps = { uow: database.postgres.uow, ids: randomIdGenerator, clock: systemClock };
    const uc = { createHotel: new CreateHotel(deps), createRoomType: new CreateRoomType(deps), setInventory: new SetInventory(deps) };
    const started = Date.now();
    await seedHotels(uc, { hotels, nights, concurrency, now: systemClock.now(), onProgress: progressPrinter('hotels') });
    process.stderr.write(`seeded ${hotels} hotels, ${hotels * 3} room types, ${hotels * 3 * nights} nights in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  } finally {
    await database.close();
  }
}

function positive(raw: string, flag: string, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new ConfigError(`${flag} must be an integer from 1 to ${max}, got "${raw}"`);
  return n;
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
});
