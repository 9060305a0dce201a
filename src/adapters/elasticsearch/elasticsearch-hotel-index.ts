import type { Client } from '@elastic/elasticsearch';
import type { HotelIndex, IndexedHotel } from '../../ports/hotel-index.js';
import { toDocument } from './hotel-document.mapper.js';

/**
 * Writes hotels to the index through its alias. A rebuild in progress (see `rebuildHotelIndex`)
 * exposes its new index under `<alias>.building`: writes go there too, so a change made while the
 * rebuild copies hotels is not lost when the alias swaps.
 */
export class ElasticsearchHotelIndex implements HotelIndex {
  constructor(
    private readonly client: Client,
    private readonly alias: string,
    /** true refreshes after each write, so it is visible to search when the call returns (tests). */
    private readonly refresh: boolean = false,
  ) {}

  async put(entry: IndexedHotel): Promise<void> {
    const doc = toDocument(entry);
    await this.write([
      // require_alias: never let a write auto-create a concrete index (with dynamic mappings) under the alias's name.
      { index: { _index: this.alias, _id: doc.id, require_alias: true } },
      doc,
      { index: { _index: buildingAlias(this.alias), _id: doc.id, require_alias: true } },
      doc,
    ]);
  }

  async remove(hotelId: string): Promise<void> {
    await this.write([
      { delete: { _index: this.alias, _id: hotelId } },
      { delete: { _index: buildingAlias(this.alias), _id: hotelId } },
    ]);
  }

  private async write(operations: object[]): Promise<void> {
    const response = await this.client.bulk({ operations, refresh: this.refresh });
    if (!response.errors) return;
    const failures = response.items
      .map((item) => Object.values(item)[0])
      .filter((result) => result?.error && !expectedFailure(result.error.index ?? result._index, this.alias, result.error.type, result.status))
      .map((result) => `${result?._index}/${result?._id}: ${result?.error?.type} ${result?.error?.reason ?? ''}`);
    if (failures.length > 0) throw new Error(`elasticsearch rejected a hotel write: ${failures.join('; ')}`);
  }
}

/** No rebuild under way (the building alias is absent), or the document to delete was never there. */
function expectedFailure(index: string | undefined, alias: string, type: string, status: number | undefined): boolean {
  return index !== alias && (type === 'index_not_found_exception' || status === 404);
}

export const buildingAlias = (alias: string): string => `${alias}.building`;
