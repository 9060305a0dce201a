import type { Client } from '@elastic/elasticsearch';
import type { IndexedHotel } from '../../ports/hotel-index.js';
import { buildingAlias } from './elasticsearch-hotel-index.js';
import { HOTEL_INDEX_MAPPINGS, HOTEL_INDEX_SETTINGS } from './hotel-index-mapping.js';
import { toDocument } from './hotel-document.mapper.js';

/** A concrete index behind the alias: `<alias>-<yyyymmddhhmmssSSS>` (lower case, sortable, unique per rebuild). */
function newIndexName(alias: string, now: Date): string {
  return `${alias}-${now.toISOString().replace(/[^0-9]/g, '')}`;
}

async function createIndex(client: Client, name: string, refreshInterval: string): Promise<void> {
  await client.indices.create({
    index: name,
    settings: { ...HOTEL_INDEX_SETTINGS, refresh_interval: refreshInterval },
    mappings: HOTEL_INDEX_MAPPINGS,
    wait_for_active_shards: 1,
  });
}

/** Creates an empty index behind `alias` if the alias does not exist yet; returns whether it did. */
export async function ensureHotelIndex(client: Client, alias: string, now = new Date()): Promise<boolean> {
  if (await client.indices.existsAlias({ name: alias })) return false;
  const index = newIndexName(alias, now);
  await createIndex(client, index, '1s');
  try {
    await client.indices.updateAliases({ actions: [{ add: { index, alias } }] });
  } catch (error) {
    // Another process created the alias first: keep theirs.
    await client.indices.delete({ index }).catch(() => undefined);
    if (!(await client.indices.existsAlias({ name: alias }))) throw error;
    return false;
  }
  return true;
}

export interface RebuildProgress {
  readonly indexed: number;
  /** Total hotels when the source knows it up front. */
  readonly total: number | undefined;
}

export interface RebuildReport {
  readonly index: string;
  readonly indexed: number;
  /** Indices that the alias pointed to before, now deleted. */
  readonly replaced: readonly string[];
}

/**
 * Rebuilds the index from the hotels of record without a search outage: loads a new index while the
 * alias keeps serving the old one, then moves the alias in one atomic `_aliases` call and deletes the
 * old index. While loading, the new index is also reachable as `<alias>.building`, which the
 * `ElasticsearchHotelIndex` writer updates too; the copy uses `create` so it never overwrites a
 * fresher document the writer put there meanwhile.
 */
export async function rebuildHotelIndex(
  client: Client,
  alias: string,
  source: AsyncIterable<readonly IndexedHotel[]>,
  options: { readonly total?: number; readonly onProgress?: (progress: RebuildProgress) => void; readonly now?: Date } = {},
): Promise<RebuildReport> {
  const index = newIndexName(alias, options.now ?? new Date());
  await createIndex(client, index, '-1');
  const building = buildingAlias(alias);
  let indexed = 0;
  try {
    await client.indices.updateAliases({ actions: [{ add: { index, alias: building } }] });
    for await (const batch of source) {
      if (batch.length === 0) continue;
      const response = await client.bulk({ operations: batch.flatMap((entry) => [{ create: { _index: index, _id: entry.hotel.id } }, toDocument(entry)]) });
      const failed = response.items.map((item) => item.create).filter((r) => r?.error && r.status !== 409);
      if (failed.length > 0) throw new Error(`rebuild: ${failed.length} hotels rejected, first: ${failed[0]?.error?.type} ${failed[0]?.error?.reason ?? ''}`);
      indexed += batch.length;
      options.onProgress?.({ indexed, total: options.total });
    }
    await client.indices.putSettings({ index, settings: { refresh_interval: '1s' } });
    await client.indices.refresh({ index });
    const previous = (await client.indices.existsAlias({ name: alias })) ? Object.keys(await client.indices.getAlias({ name: alias })) : [];
    await client.indices.updateAliases({
      actions: [
        ...previous.map((old) => ({ remove: { index: old, alias } })),
        { add: { index, alias } },
        { remove: { index, alias: building } },
      ],
    });
    if (previous.length > 0) await client.indices.delete({ index: previous });
    return { index, indexed, replaced: previous };
  } catch (error) {
    await client.indices.delete({ index }).catch(() => undefined);
    throw error;
  }
}
