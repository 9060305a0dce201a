import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createElasticsearch, type ElasticsearchAdapter } from '../../../src/adapters/elasticsearch/create-elasticsearch.js';
import { Hotel } from '../../../src/core/hotel/hotel.js';
import type { IndexedHotel } from '../../../src/ports/hotel-index.js';
import type { CandidateQuery } from '../../../src/ports/hotel-search.js';
import { commit, gate, newHotel, newRoomType } from '../../contract/persistence-fixtures.js';
import { ELASTICSEARCH_START_TIMEOUT_MS, elasticsearchUrl, uniqueIndexName } from '../../support/es-url.js';
import { migratedTestDatabase } from '../postgres/postgres-test-adapter.js';

let url: string;
let es: ElasticsearchAdapter;
let alias: string;
beforeAll(async () => {
  url = await elasticsearchUrl();
  alias = uniqueIndexName('index');
  es = createElasticsearch({ url, index: alias, refresh: true });
  await es.ensureIndex();
}, ELASTICSEARCH_START_TIMEOUT_MS);
afterAll(async () => {
  await es?.dropIndex();
  await es?.close();
});

const inCity = (city: string): CandidateQuery => ({ area: { kind: 'city', city }, amenities: [], guests: 1, limit: 100 });
const names = async (city: string) => (await es.hotelSearch.findCandidates(inCity(city))).map((c) => c.hotel.name).sort();
const entry = (city: string, name: string): IndexedHotel => {
  const hotel = newHotel({ city, name });
  return { hotel, roomTypes: [newRoomType(hotel.id)] };
};
const indicesBehind = async (name: string) => Object.keys(await new Client({ node: url }).indices.getAlias({ name }));

describe('the hotel index', () => {
  it('creates its index behind the alias once, with the explicit mapping', async () => {
    expect(await es.ensureIndex()).toBe(false);
    const [index] = await indicesBehind(alias);
    const mapping = await new Client({ node: url }).indices.getMapping({ index: index! });
    const properties = mapping[index!]?.mappings.properties ?? {};
    expect(properties['location']).toEqual({ type: 'geo_point' });
    expect(properties['amenities']).toEqual({ type: 'keyword' });
    expect(properties['name']).toMatchObject({ type: 'text', analyzer: 'english' });
    expect(properties['room_types']).toMatchObject({ type: 'nested', properties: { max_guests: { type: 'integer' } } });
  });

  it('replaces a hotel on put, leaves it on remove, and removes an absent hotel without error', async () => {
    const first = entry('Putville', 'Before');
    await es.hotelIndex.put(first);
    const renamed = Hotel.rehydrate({ ...first.hotel.toProps(), name: 'After' });
    await es.hotelIndex.put({ hotel: renamed, roomTypes: first.roomTypes });
    expect(await names('Putville')).toEqual(['After']);
    await es.hotelIndex.remove(first.hotel.id);
    await es.hotelIndex.remove(first.hotel.id);
    expect(await names('Putville')).toEqual([]);
  });

  it('rebuilds behind the alias: search answers from the old index until one atomic swap, writes made meanwhile survive', async () => {
    const stale = entry('Rebuildville', 'Old Only');
    await es.hotelIndex.put(stale);
    const copied = entry('Rebuildville', 'Copied');
    const changedDuringRebuild = entry('Rebuildville', 'Changed Later');
    const before = await indicesBehind(alias);

    const halfway = gate();
    const resume = gate();
    async function* source(): AsyncGenerator<IndexedHotel[]> {
      yield [copied, { ...changedDuringRebuild }];
      halfway.open();
      await resume.opened;
    }
    const rebuilding = es.rebuild(source(), { total: 2 });
    await halfway.opened;
    // Mid-rebuild: the alias still serves the old index, and the writer updates both.
    expect(await names('Rebuildville')).toEqual(['Old Only']);
    const renamed = Hotel.rehydrate({ ...changedDuringRebuild.hotel.toProps(), name: 'Changed During Rebuild' });
    await es.hotelIndex.put({ hotel: renamed, roomTypes: changedDuringRebuild.roomTypes });
    resume.open();
    const report = await rebuilding;

    expect(report).toMatchObject({ indexed: 2, replaced: before });
    expect(await indicesBehind(alias)).toEqual([report.index]);
    // The rebuild's copy is what the source had; the later write kept its newer state; the hotel only the old index had is gone.
    expect(await names('Rebuildville')).toEqual(['Changed During Rebuild', 'Copied']);
    expect(await new Client({ node: url }).indices.exists({ index: before })).toBe(false);
  });

  it('npm run reindex rebuilds the index from Postgres with progress output', async () => {
    const db = await migratedTestDatabase({ poolSize: 2 });
    const cliAlias = uniqueIndexName('cli');
    const cli = createElasticsearch({ url, index: cliAlias });
    try {
      const hotels = [newHotel({ city: 'Cliville', name: 'One' }), newHotel({ city: 'Cliville', name: 'Two' }), newHotel({ city: 'Cliville', name: 'Three' })];
      for (const hotel of hotels) {
        await commit(db.postgres.uow, hotel.id, async (tx) => {
          await tx.hotels.add(hotel);
          await tx.hotels.addRoomType(newRoomType(hotel.id));
        });
      }
      const { stderr } = await promisify(execFile)('npx', ['tsx', 'src/app/reindex-cli.ts'], {
        env: { ...process.env, DATABASE_URL: db.database.url, ELASTICSEARCH_URL: url, ELASTICSEARCH_INDEX: cliAlias },
      });
      expect(stderr).toContain('reindexing 3 active hotels');
      expect(stderr).toContain('3/3 hotels (100%');
      expect((await cli.hotelSearch.findCandidates(inCity('Cliville'))).map((c) => c.hotel.name)).toEqual(['One', 'Three', 'Two']);
    } finally {
      await cli.dropIndex();
      await cli.close();
      await db.dispose();
    }
  });
});
