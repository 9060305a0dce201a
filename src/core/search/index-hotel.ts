import { CATALOG_EVENT_TYPES, isCatalogEventType, type DomainEvent } from '../events/domain-event.js';
import { ok } from '../shared/result.js';
import type { HotelIndex, IndexedHotel } from '../../ports/hotel-index.js';
import type { UnitOfWork } from '../../ports/unit-of-work.js';

/**
 * Consumer of catalog events: brings the hotel's search entry in line with the hotel of record.
 * It re-reads the hotel instead of trusting the event's content, so deliveries that repeat, arrive
 * late or out of order all converge on the current state; a hotel that is gone or inactive leaves
 * the index. A failed write throws, and the bus delivers the event again (after an index outage too).
 */
export class IndexHotel {
  static readonly consumerName = 'search-indexer';
  static readonly eventTypes = CATALOG_EVENT_TYPES;

  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly index: HotelIndex }) {}

  async handle(event: DomainEvent): Promise<void> {
    if (!isCatalogEventType(event.type)) return;
    await this.reindex(event.hotelId);
  }

  async reindex(hotelId: string): Promise<void> {
    const read = await this.deps.uow.run(hotelId, async (tx) => {
      const hotel = await tx.hotels.get(hotelId);
      return ok<IndexedHotel | undefined>(hotel ? { hotel, roomTypes: await tx.hotels.listRoomTypes(hotelId) } : undefined);
    });
    const entry = read.ok ? read.value : undefined;
    if (entry && entry.hotel.isActive) await this.deps.index.put(entry);
    else await this.deps.index.remove(hotelId);
  }
}
