import type { MigrationObject } from '@mikro-orm/core';
import { M0001InitialSchema } from './m0001-initial-schema.js';
import { M0002RatesAndRestrictions } from './m0002-rates-and-restrictions.js';

/**
 * Every migration in order, registered by name so nothing is globbed from disk at runtime (the
 * names are stored in `mikro_orm_migrations`: never rename one that has shipped).
 */
export const migrationsList: MigrationObject[] = [
  { name: 'm0001-initial-schema', class: M0001InitialSchema },
  { name: 'm0002-rates-and-restrictions', class: M0002RatesAndRestrictions },
];
