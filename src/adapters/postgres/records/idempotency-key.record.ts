import { EntitySchema } from '@mikro-orm/core';

/** One row of `idempotency_keys`: a caller's key, the SHA-256 of the request it was first used for, and its result. */
export interface IdempotencyKeyRecord {
  scope: string;
  key: string;
  fingerprintSha256: Buffer;
  resourceId: string;
  createdAt?: Date;
}

export const IdempotencyKeySchema = new EntitySchema<IdempotencyKeyRecord>({
  name: 'IdempotencyKeyRecord',
  tableName: 'idempotency_keys',
  properties: {
    scope: { type: 'text', primary: true },
    key: { type: 'text', primary: true },
    fingerprintSha256: { type: 'blob', columnType: 'bytea', fieldName: 'fingerprint_sha256' },
    resourceId: { type: 'text', fieldName: 'resource_id' },
    createdAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'created_at', defaultRaw: 'now()', nullable: false },
  },
});
