import { afterAll, beforeAll } from 'vitest';
import { describeHotelManagementContract } from '../../contract/hotel-management.contract.js';
import { describeIdempotencyStoreContract } from '../../contract/idempotency-store.contract.js';
import { describeInventoryContract } from '../../contract/inventory-repository.contract.js';
import { describeNotificationLogContract } from '../../contract/notification-log.contract.js';
import { describeOutboxContract } from '../../contract/outbox.contract.js';
import { describeRatesContract } from '../../contract/rates-and-restrictions.contract.js';
import { describeUnitOfWorkContract } from '../../contract/unit-of-work.contract.js';
import { describePartnerAriContract } from '../../contract/partner-ari.contract.js';
import { describeBookingRevisionStoreContract } from '../../contract/booking-revision-store.contract.js';
import { migratedTestDatabase, type MigratedTestDatabase } from './postgres-test-adapter.js';

// One database for the file: the suites isolate themselves with fresh ids (the outbox suite drains first).
let db: MigratedTestDatabase;
beforeAll(async () => {
  db = await migratedTestDatabase({ poolSize: 10 });
});
afterAll(async () => {
  await db?.dispose();
});

const shared = async () => ({ uow: db.postgres.uow, dispose: async () => undefined });

describeUnitOfWorkContract('Postgres', shared);
describeInventoryContract('Postgres', shared);
describeIdempotencyStoreContract('Postgres', shared);
describeOutboxContract('Postgres', async () => ({ uow: db.postgres.uow, outboxFeed: db.postgres.outboxFeed, dispose: async () => undefined }));
describeNotificationLogContract('Postgres', async () => ({ notifications: db.postgres.notifications, dispose: async () => undefined }));
describeRatesContract('Postgres', shared);
describeHotelManagementContract('Postgres', async () => ({ uow: db.postgres.uow, directory: db.postgres.hotelDirectory, dispose: async () => undefined }));
describePartnerAriContract('Postgres', shared);
describeBookingRevisionStoreContract('Postgres', shared);
