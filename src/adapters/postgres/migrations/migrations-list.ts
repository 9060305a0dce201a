import type { MigrationObject } from '@mikro-orm/core';
import { M0001InitialSchema } from './m0001-initial-schema.js';
import { M0002RatesAndRestrictions } from './m0002-rates-and-restrictions.js';
import { M0004HotelManagement } from './m0004-hotel-management.js';
import { M0003OutboxTraceContext } from './m0003-outbox-trace-context.js';
import { M0005ReservationLifecycle } from './m0005-reservation-lifecycle.js';
import { M0006ShardingBookkeeping } from './m0006-sharding-bookkeeping.js';
import { M0007BookingRevisionFeed } from './m0007-booking-revision-feed.js';
import { M0008HotelNameTextSearch } from './m0008-hotel-name-text-search.js';
import { M0009ProcessedEvents } from './m0009-processed-events.js';
import { M0010GuestPiiSealed } from './m0010-guest-pii-sealed.js';
import { M0012Accounts } from './m0012-accounts.js';

/**
 * Every migration in order, registered by name so nothing is globbed from disk at runtime (the
 * names are stored in `mikro_orm_migrations`: never rename one that has shipped).
 */
export const migrationsList: MigrationObject[] = [
  { name: 'm0001-initial-schema', class: M0001InitialSchema },
  { name: 'm0002-rates-and-restrictions', class: M0002RatesAndRestrictions },
  { name: 'm0003-outbox-trace-context', class: M0003OutboxTraceContext },
  { name: 'm0004-hotel-management', class: M0004HotelManagement },
  { name: 'm0005-reservation-lifecycle', class: M0005ReservationLifecycle },
  { name: 'm0006-sharding-bookkeeping', class: M0006ShardingBookkeeping },
  { name: 'm0007-booking-revision-feed', class: M0007BookingRevisionFeed },
  { name: 'm0008-hotel-name-text-search', class: M0008HotelNameTextSearch },
  { name: 'm0009-processed-events', class: M0009ProcessedEvents },
  { name: 'm0010-guest-pii-sealed', class: M0010GuestPiiSealed },
  { name: 'm0012-accounts', class: M0012Accounts },
];
