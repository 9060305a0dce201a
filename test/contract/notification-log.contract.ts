import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationEntry, NotificationLog } from '../../src/ports/notification-log.js';
import { uniqueId } from './persistence-fixtures.js';

export interface NotificationLogUnderTest {
  readonly notifications: NotificationLog;
  dispose(): Promise<void>;
}

/** NotificationLog contract: one entry per event id, however often and however concurrently it is recorded. */
export function describeNotificationLogContract(name: string, create: () => Promise<NotificationLogUnderTest>): void {
  describe(`NotificationLog contract: ${name}`, () => {
    let subject: NotificationLogUnderTest;
    beforeAll(async () => {
      subject = await create();
    });
    afterAll(async () => {
      await subject?.dispose();
    });

    const anEntry = (overrides: Partial<NotificationEntry> = {}): NotificationEntry => ({
      eventId: uniqueId('evt'),
      hotelId: uniqueId('htl'),
      reservationId: uniqueId('res'),
      kind: 'booking_confirmation',
      recipient: 'guest@example.com',
      ...overrides,
    });

    it('records an event once', async () => {
      const entry = anEntry();
      expect(await subject.notifications.recordOnce(entry)).toBe(true);
      expect(await subject.notifications.recordOnce(entry)).toBe(false);
      expect(await subject.notifications.recordOnce({ ...entry, kind: 'cancellation_confirmation' })).toBe(false);
    });

    it('records different events of one reservation', async () => {
      const booked = anEntry();
      const cancelled = anEntry({ reservationId: booked.reservationId, kind: 'cancellation_confirmation' });
      expect(await subject.notifications.recordOnce(booked)).toBe(true);
      expect(await subject.notifications.recordOnce(cancelled)).toBe(true);
    });

    it('records an event delivered many times at once exactly once', async () => {
      const entry = anEntry();
      const outcomes = await Promise.all(Array.from({ length: 10 }, () => subject.notifications.recordOnce(entry)));
      expect(outcomes.filter(Boolean)).toHaveLength(1);
    });
  });
}
