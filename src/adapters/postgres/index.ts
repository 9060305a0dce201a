export { createPostgres, type MigrationReport, type PostgresAdapter, type PostgresConfig } from './create-postgres.js';
