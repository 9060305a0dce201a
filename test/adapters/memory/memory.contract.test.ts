import { MemoryAccountStore } from '../../../src/adapters/memory/memory-account-store.js';
import { describeAccountStoreContract } from '../../contract/account-store.contract.js';
import { MemoryDatabase } from '../../../src/adapters/memory/memory-database.js';
import { describeHotelManagementContract } from '../../contract/hotel-management.contract.js';
import { describeIdempotencyStoreContract } from '../../contract/idempotency-store.contract.js';
import { describeInventoryContract } from '../../contract/inventory-repository.contract.js';
import { describeNotificationLogContract } from '../../contract/notification-log.contract.js';
import { describeOutboxContract } from '../../contract/outbox.contract.js';
import { describeRatesContract } from '../../contract/rates-and-restrictions.contract.js';
import { describeUnitOfWorkContract } from '../../contract/unit-of-work.contract.js';
import { describePartnerAriContract } from '../../contract/partner-ari.contract.js';
import { describeBookingRevisionStoreContract } from '../../contract/booking-revision-store.contract.js';
import { describeAvailabilityReaderContract } from '../../contract/availability-reader.contract.js';
import { CachingAvailabilityReader } from '../../../src/adapters/cache/caching-availability-reader.js';
import { MemoryAvailabilityCache } from '../../../src/adapters/cache/memory-availability-cache.js';

// The same suites as Postgres: the in-memory adapter is real code that application tests rely on.
const fresh = async () => {
  const db = new MemoryDatabase();
  return { uow: db, outboxFeed: db, notifications: db, dispose: async () => undefined };
};

describeUnitOfWorkContract('memory', fresh);
describeInventoryContract('memory', fresh);
describeIdempotencyStoreContract('memory', fresh);
describeOutboxContract('memory', fresh);
describeNotificationLogContract('memory', fresh);
describeRatesContract('memory', fresh);
describeHotelManagementContract('memory', async () => fresh().then((f) => ({ ...f, directory: f.uow })));
describePartnerAriContract('memory', fresh);
describeBookingRevisionStoreContract('memory', fresh);
describeAccountStoreContract('memory', async () => ({ store: new MemoryAccountStore(), dispose: async () => undefined }));
describeAvailabilityReaderContract('memory', async () => fresh().then((f) => ({ ...f, reader: f.uow })));
describeAvailabilityReaderContract('caching reader over memory', async () => fresh().then((f) => ({ ...f, reader: new CachingAvailabilityReader(f.uow, new MemoryAvailabilityCache({ ttlMs: 60_000 })) })));
