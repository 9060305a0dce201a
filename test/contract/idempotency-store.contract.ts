import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { err, ok } from '../../src/core/shared/result.js';
import type { IdempotencyClaim } from '../../src/ports/idempotency-store.js';
import type { UnitOfWork } from '../../src/ports/unit-of-work.js';
import type { UnitOfWorkUnderTest } from './inventory-repository.contract.js';
import { commit, gate, stillPendingAfter, uniqueId } from './persistence-fixtures.js';

/**
 * IdempotencyStore contract: the first claim of a key wins; a retry with the same fingerprint replays
 * the first resource; another fingerprint conflicts; a rolled-back claim never happened; a concurrent
 * claim waits for the first unit of work to finish.
 */
export function describeIdempotencyStoreContract(name: string, create: () => Promise<UnitOfWorkUnderTest>): void {
  describe(`IdempotencyStore contract: ${name}`, () => {
    let subject: UnitOfWorkUnderTest;
    let uow: UnitOfWork;
    beforeAll(async () => {
      subject = await create();
      uow = subject.uow;
    });
    afterAll(async () => {
      await subject?.dispose();
    });

    const aClaim = (overrides: Partial<IdempotencyClaim> = {}): IdempotencyClaim => ({
      scope: uniqueId('caller'),
      key: uniqueId('key'),
      fingerprint: '["hotel-1","rt-1","2031-03-01","2031-03-04",2,"Ada","ada@example.com"]',
      resourceId: uniqueId('res'),
      ...overrides,
    });
    const claim = (c: IdempotencyClaim) => commit(uow, 'routing', (tx) => tx.idempotency.claim(c));

    it('claims a new key', async () => {
      expect(await claim(aClaim())).toEqual({ kind: 'claimed' });
    });

    it('replays the first resource for the same key and fingerprint', async () => {
      const first = aClaim();
      await claim(first);
      expect(await claim({ ...first, resourceId: uniqueId('res') })).toEqual({ kind: 'replay', resourceId: first.resourceId });
      expect(await claim({ ...first, resourceId: uniqueId('res') })).toEqual({ kind: 'replay', resourceId: first.resourceId });
    });

    it('reports a conflict for the same key with another fingerprint', async () => {
      const first = aClaim();
      await claim(first);
      expect(await claim({ ...first, fingerprint: `${first.fingerprint} ` })).toEqual({ kind: 'conflict' });
    });

    it('keeps scopes apart, and keys apart', async () => {
      const first = aClaim();
      await claim(first);
      expect(await claim({ ...first, scope: uniqueId('caller') })).toEqual({ kind: 'claimed' });
      expect(await claim({ ...first, key: uniqueId('key') })).toEqual({ kind: 'claimed' });
    });

    it('handles long keys and any text in the fingerprint', async () => {
      const first = aClaim({ key: 'k'.repeat(128), fingerprint: `["O'Brien","\\\\","☃",${'x'.repeat(5_000)}]` });
      expect(await claim(first)).toEqual({ kind: 'claimed' });
      expect(await claim({ ...first, resourceId: 'other' })).toEqual({ kind: 'replay', resourceId: first.resourceId });
    });

    it('forgets a claim whose unit of work rolled back', async () => {
      const first = aClaim();
      const rolledBack = await uow.run('routing', async (tx) => {
        expect(await tx.idempotency.claim(first)).toEqual({ kind: 'claimed' });
        return err('rolled back');
      });
      expect(rolledBack.ok).toBe(false);
      const second = { ...first, resourceId: uniqueId('res') };
      expect(await claim(second)).toEqual({ kind: 'claimed' });
      expect(await claim(first)).toEqual({ kind: 'replay', resourceId: second.resourceId });
    });

    it('makes a concurrent claim of the same key wait for the first to commit, then replay', async () => {
      const first = aClaim();
      const held = gate();
      const claimed = gate();
      const firstRun = uow.run('routing', async (tx) => {
        const outcome = await tx.idempotency.claim(first);
        claimed.open();
        await held.opened;
        return ok(outcome);
      });
      await claimed.opened;
      const secondRun = claim({ ...first, resourceId: uniqueId('res') });
      expect(await stillPendingAfter(secondRun, 150)).toBe(true);
      held.open();
      expect(await firstRun).toEqual(ok({ kind: 'claimed' }));
      expect(await secondRun).toEqual({ kind: 'replay', resourceId: first.resourceId });
    });

    it('lets a concurrent claim of the same key take it when the first rolls back', async () => {
      const first = aClaim();
      const held = gate();
      const claimed = gate();
      const firstRun = uow.run('routing', async (tx) => {
        await tx.idempotency.claim(first);
        claimed.open();
        await held.opened;
        return err('rolled back');
      });
      await claimed.opened;
      const second = { ...first, resourceId: uniqueId('res') };
      const secondRun = claim(second);
      expect(await stillPendingAfter(secondRun, 150)).toBe(true);
      held.open();
      expect((await firstRun).ok).toBe(false);
      expect(await secondRun).toEqual({ kind: 'claimed' });
    });
  });
}
