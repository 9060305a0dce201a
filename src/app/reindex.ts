import type { ElasticsearchAdapter } from '../adapters/elasticsearch/create-elasticsearch.js';
import type { RebuildReport } from '../adapters/elasticsearch/hotel-index-lifecycle.js';
import type { Hotel } from '../core/hotel/hotel.js';
import { ok } from '../core/shared/result.js';
import type { HotelDirectory } from '../ports/hotel-directory.js';
import type { IndexedHotel } from '../ports/hotel-index.js';
import type { UnitOfWork } from '../ports/unit-of-work.js';

const BATCH = 500;
const READERS = 8;

/** Rebuilds the index from every active hotel of record (see `rebuildHotelIndex` for the alias swap). */
export async function reindexFromDatabase(
  database: { readonly hotelDirectory: HotelDirectory; readonly uow: UnitOfWork },
  es: ElasticsearchAdapter,
  onStart: (total: number) => void = () => {},
  onProgress: (done: number, total: number) => void = () => {},
): Promise<RebuildReport> {
  const hotels = await allActiveHotels(database.hotelDirectory);
  onStart(hotels.length);
  onProgress(0, hotels.length);
  return es.rebuild(withRoomTypes(database.uow, hotels), { total: hotels.length, onProgress: (p) => onProgress(p.indexed, hotels.length) });
}

async function allActiveHotels(directory: HotelDirectory): Promise<Hotel[]> {
  const hotels: Hotel[] = [];
  let afterId: string | undefined;
  do {
    const page = await directory.listHotels({ scope: { kind: 'all' }, includeInactive: false, limit: 1_000, ...(afterId === undefined ? {} : { afterId }) });
    hotels.push(...page.hotels);
    afterId = page.nextAfterId;
  } while (afterId !== undefined);
  return hotels;
}

/** Batches of hotels with their room types, each hotel's read on its own shard, a few in parallel. */
async function* withRoomTypes(uow: UnitOfWork, hotels: readonly Hotel[]): AsyncGenerator<IndexedHotel[]> {
  for (let start = 0; start < hotels.length; start += BATCH) {
    const batch = hotels.slice(start, start + BATCH);
    const entries: IndexedHotel[] = new Array(batch.length);
    let next = 0;
    const reader = async () => {
      for (let i = next++; i < batch.length; i = next++) {
        const hotel = batch[i] as Hotel;
        const read = await uow.run(hotel.id, async (tx) => ok(await tx.hotels.listRoomTypes(hotel.id)));
        entries[i] = { hotel, roomTypes: read.ok ? read.value : [] };
      }
    };
    await Promise.all(Array.from({ length: READERS }, reader));
    yield entries;
  }
}

