import { NO_RESTRICTIONS } from '../../core/inventory/restrictions.js';
import { sellableRooms } from '../../core/inventory/inventory-night.js';
import { Money } from '../../core/money/money.js';
import { mergeAriUpdates } from '../../core/partner/ari-merge.js';
import { selects } from '../../core/partner/ari-update.js';
import type { AriApplyOutcome, AriHotelBatch, AriRefusedUpdate, AriStore } from '../../ports/ari-store.js';
import { inventoryKey, type MemoryState } from './memory-state.js';

/** The AriStore contract on the in-memory state of one unit of work (already isolated and atomic). */
export class MemoryAriStore implements AriStore {
  constructor(private readonly state: MemoryState) {}

  async apply(batch: AriHotelBatch): Promise<AriApplyOutcome> {
    const refused = new Map<number, AriRefusedUpdate>();
    {
      const active = batch.updates.filter((u) => !refused.has(u.index));
      for (const u of active) {
        if (u.totalRooms === undefined) continue;
        const sellable = sellableRooms(u.totalRooms, batch.overbookingPercent);
        const undercut = u.range
          .nights()
          .filter((date) => selects(u.weekdayMask, date))
          .flatMap((date) => this.state.inventory.get(inventoryKey(batch.hotelId, u.roomTypeId, date.epochDay)) ?? [])
          .filter((night) => night.reserved > sellable)
          .map((night) => ({ date: night.date.toString(), reserved: night.reserved }));
        if (undercut.length > 0) refused.set(u.index, { index: u.index, nights: undercut });
      }
      const { nights, rates } = mergeAriUpdates(batch.updates.filter((u) => !refused.has(u.index)));
      let written = 0;
      for (const n of nights) {
        const key = inventoryKey(batch.hotelId, n.roomTypeId, n.date.epochDay);
        const existing = this.state.inventory.get(key);
        if (!existing && (n.totalRooms === undefined || n.standardPriceMinor === undefined)) continue;
        this.state.inventory.set(key, {
          hotelId: batch.hotelId,
          roomTypeId: n.roomTypeId,
          date: n.date,
          totalRooms: n.totalRooms ?? existing?.totalRooms ?? 0,
          reserved: existing?.reserved ?? 0,
          price: n.standardPriceMinor !== undefined ? Money.of(n.standardPriceMinor, batch.currency) : (existing?.price ?? Money.of(0, batch.currency)),
          restrictions: { ...(existing?.restrictions ?? NO_RESTRICTIONS), ...n.restrictions },
        });
        written++;
      }
      for (const r of rates) {
        this.state.ratePrices.set(inventoryKey(batch.hotelId, r.ratePlanId, r.date.epochDay), {
          date: r.date,
          pricesByAdultsMinor: [...r.pricesByAdultsMinor],
          extraChildMinor: r.extraChildMinor,
        });
        written++;
      }
      return { refused: [...refused.values()].sort((a, b) => a.index - b.index), nightsWritten: written };
    }
  }
}
