import type { DeliveryJournal, DeliveryRecord } from '../../ports/delivery-journal.js';
import type { MemoryState } from './memory-state.js';

/** Units of work run one at a time here, so a claim never has to wait for another. */
export class MemoryDeliveryJournal implements DeliveryJournal {
  constructor(private readonly state: MemoryState) {}

  async claim(consumer: string, eventId: string): Promise<boolean> {
    const key = `${consumer}/${eventId}`;
    if (this.state.processedEvents.has(key)) return false;
    this.state.processedEvents.set(key, null);
    return true;
  }

  async record(delivery: DeliveryRecord): Promise<void> {
    this.state.processedEvents.set(`${delivery.consumer}/${delivery.eventId}`, delivery);
  }
}
