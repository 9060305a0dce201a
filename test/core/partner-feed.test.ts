import { describe, expect, it } from 'vitest';
import { MemoryDatabase } from '../../src/adapters/memory/memory-database.js';
import { InProcessRevisionWakeups } from '../../src/adapters/notify/in-process-revision-wakeups.js';
import { HmacPageTokens } from '../../src/adapters/system/hmac-page-tokens.js';
import type { ReservationEvent } from '../../src/core/events/domain-event.js';
import { isoWeekday, weekdayMask, selects, checkUpdateShape, type AriUpdateCommand } from '../../src/core/partner/ari-update.js';
import { ListBookingRevisions, RecordBookingRevision, StreamBookingRevisions } from '../../src/core/partner/booking-feed.js';
import { CalendarDate } from '../../src/core/time/calendar-date.js';

const date = (iso: string) => CalendarDate.parse(iso) as CalendarDate;

describe('ARI update rules', () => {
  it.each([
    ['2030-01-07', 1],
    ['2030-01-12', 6],
    ['2030-01-13', 7],
    ['1970-01-01', 4],
  ])('%s is ISO weekday %i', (iso, weekday) => {
    expect(isoWeekday(date(iso))).toBe(weekday);
  });

  it('selects every day without weekdays, else only the given ones', () => {
    expect(weekdayMask([])).toBe(127);
    const weekend = weekdayMask([6, 7]);
    expect(['2030-01-10', '2030-01-11', '2030-01-12', '2030-01-13'].map((d) => selects(weekend, date(d)))).toEqual([false, false, true, true]);
  });

  const base: AriUpdateCommand = { hotelId: 'h', roomTypeId: 'r', ratePlanId: null, from: '2030-01-01', to: '2030-01-02', weekdays: [], restrictions: {} };
  it.each<[string, Partial<AriUpdateCommand>, string | undefined]>([
    ['nothing set', {}, 'NOTHING_TO_UPDATE'],
    ['a zero price', { standardPriceMinor: 0 }, 'INVALID_PRICE'],
    ['a negative occupancy price', { ratePlanId: 'p', ratePrices: { pricesByAdultsMinor: [10, -1], extraChildMinor: 0 } }, 'INVALID_PRICE'],
    ['prices without a plan', { ratePrices: { pricesByAdultsMinor: [10], extraChildMinor: 0 } }, 'UNKNOWN_RATE_PLAN'],
    ['max below min', { restrictions: { minStay: 4, maxStay: 3 } }, 'MAX_STAY_BELOW_MIN_STAY'],
    ['clearing both limits', { restrictions: { minStay: null, maxStay: null } }, undefined],
    ['a weekday 8', { weekdays: [8], totalRooms: 1 }, 'INVALID_DATE_RANGE'],
  ])('%s', (_, set, reason) => {
    expect(checkUpdateShape({ ...base, ...set })?.reason).toBe(reason);
  });
});

describe('booking revision feed (core over the in-memory adapter)', () => {
  const event = (n: number, hotelId = 'h1'): ReservationEvent => ({
    id: `evt-${hotelId}-${n}`,
    type: n % 2 === 0 ? 'reservation.cancelled' : 'reservation.confirmed',
    occurredAt: new Date(Date.UTC(2030, 0, 1, 0, n)),
    hotelId,
    aggregateId: `res-${n}`,
    payload: { reservationId: `res-${n}`, hotelId, roomTypeId: 'rt', checkIn: '2030-02-01', checkOut: '2030-02-02', guests: 1, guestName: 'A', guestEmail: 'a@example.com', status: 'CONFIRMED', totalPriceMinor: 100, currency: 'EUR' },
  });

  it('records each event once, ignores events partners are not told about, and pages across hotels', async () => {
    const db = new MemoryDatabase();
    const record = new RecordBookingRevision({ uow: db, wakeups: new InProcessRevisionWakeups() });
    for (const n of [1, 2, 3]) await record.handle(event(n));
    await record.handle(event(2));
    await record.handle({ ...event(9), id: 'checkin', type: 'reservation.checked_in' });
    await record.handle(event(1, 'h0'));
    const list = new ListBookingRevisions({ uow: db, pageTokens: new HmacPageTokens(Buffer.from('partner feed test page-token key')) });
    const seen: string[] = [];
    let pageToken = '';
    do {
      const page = await list.execute({ hotelIds: ['h1', 'h0'], pageSize: 2, pageToken });
      if (!page.ok) throw new Error('listing failed');
      seen.push(...page.value.revisions.map((r) => `${r.hotelId}#${r.sequence}:${r.kind}`));
      pageToken = page.value.nextPageToken;
    } while (pageToken);
    expect(seen).toEqual(['h0#1:CREATED', 'h1#1:CREATED', 'h1#2:CANCELLED', 'h1#3:CREATED']);
    expect((await list.execute({ hotelIds: ['h1'], pageSize: 1, pageToken: 'forged' })).ok).toBe(false);
  });

  it('streams the backlog, then live revisions, and resumes after the last sequence received', async () => {
    const db = new MemoryDatabase();
    const wakeups = new InProcessRevisionWakeups(60_000);
    const record = new RecordBookingRevision({ uow: db, wakeups });
    const stream = new StreamBookingRevisions({ uow: db, wakeups });
    await record.handle(event(1));
    await record.handle(event(2));

    const first = new AbortController();
    const got: number[] = [];
    for await (const r of stream.execute('h1', 0, first.signal)) {
      got.push(r.sequence);
      // Live: recorded while the stream waits (the long fallback means only the wake-up can deliver it).
      if (r.sequence === 2) void record.handle(event(3));
      if (r.sequence === 3) first.abort();
    }
    await record.handle(event(4));
    const second = new AbortController();
    for await (const r of stream.execute('h1', got.at(-1) ?? 0, second.signal)) {
      got.push(r.sequence);
      second.abort();
    }
    expect(got).toEqual([1, 2, 3, 4]);
  });
});
