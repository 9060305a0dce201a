import { describeHotelSearchContract, loadThroughUnitOfWork } from '../../contract/hotel-search.contract.js';
import { migratedTestDatabase } from './postgres-test-adapter.js';

describeHotelSearchContract('Postgres', async () => {
  const db = await migratedTestDatabase();
  return { search: db.postgres.hotelSearch, load: (entries) => loadThroughUnitOfWork(db.postgres.uow, entries), dispose: () => db.dispose() };
});
