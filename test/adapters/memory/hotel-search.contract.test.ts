import { MemoryDatabase } from '../../../src/adapters/memory/memory-database.js';
import { describeHotelSearchContract, loadThroughUnitOfWork } from '../../contract/hotel-search.contract.js';

describeHotelSearchContract('memory', async () => {
  const db = new MemoryDatabase();
  return { search: db, load: (entries) => loadThroughUnitOfWork(db, entries), dispose: async () => undefined };
});
