import { describe, expect, it } from 'vitest';
import { MemoryDatabase } from '../../src/adapters/memory/memory-database.js';
import type { ReservationEvent } from '../../src/core/events/domain-event.js';
import { Hotel } from '../../src/core/hotel/hotel.js';
import { SendReservationEmail } from '../../src/core/notification/send-reservation-email.js';
import { DeliverWebhooks, WebhookDeliveryFailed } from '../../src/core/notification/webhooks.js';
import { ok } from '../../src/core/shared/result.js';
import type { EmailMessage, Mailer } from '../../src/ports/mailer.js';
import type { WebhookResponse, WebhookSender } from '../../src/ports/webhook-sender.js';
import { aHotel } from '../support/builders.js';
import { FakeClock } from '../support/clock.js';

// The consumers against the in-memory database (real code): what they send, and that a
// redelivered event sends nothing more. Mailer and sender are the outside world, recorded here.

const HOTEL = 'htl_1';

async function dbWithHotel(): Promise<MemoryDatabase> {
  const db = new MemoryDatabase();
  const hotel = Hotel.create(HOTEL, aHotel());
  if (!hotel.ok) throw new Error('bad hotel');
  await db.run(HOTEL, async (tx) => ok(await tx.hotels.add(hotel.value)));
  return db;
}

const confirmed = (id = 'evt_1'): ReservationEvent => ({
  id,
  type: 'reservation.confirmed',
  occurredAt: new Date('2030-05-01T10:00:00Z'),
  hotelId: HOTEL,
  aggregateId: 'res_1',
  payload: {
    reservationId: 'res_1',
    hotelId: HOTEL,
    roomTypeId: 'rt_1',
    checkIn: '2030-06-01',
    checkOut: '2030-06-03',
    guests: 2,
    guestName: 'Ada',
    guestEmail: 'ada@example.com',
    status: 'CONFIRMED',
    totalPriceMinor: 20_000,
    currency: 'EUR',
  },
});

class RecordingMailer implements Mailer {
  readonly sent: EmailMessage[] = [];
  failures = 0;
  async send(message: EmailMessage) {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('451 try later');
    }
    this.sent.push(message);
    return { messageId: `<${this.sent.length}@test>` };
  }
}

describe('SendReservationEmail', () => {
  it('mails the guest once however often the event is delivered', async () => {
    const db = await dbWithHotel();
    const mailer = new RecordingMailer();
    const consumer = new SendReservationEmail('guest', { uow: db, mailer, hotelAdminEmail: () => 'desk@hotel.test' });
    expect(await consumer.handle(confirmed())).toBe('sent');
    expect(await consumer.handle(confirmed())).toBe('duplicate');
    expect(await consumer.handle(confirmed())).toBe('duplicate');
    expect(mailer.sent.map((m) => [m.to, m.headers['X-Hotel-Event-Id']])).toEqual([['ada@example.com', 'evt_1']]);
  });

  it('sends again after a failed send (the claim was rolled back), and keeps consumers apart', async () => {
    const db = await dbWithHotel();
    const mailer = new RecordingMailer();
    const guest = new SendReservationEmail('guest', { uow: db, mailer, hotelAdminEmail: () => 'desk@hotel.test' });
    const desk = new SendReservationEmail('hotel-admin', { uow: db, mailer, hotelAdminEmail: (id) => `desk+${id}@hotel.test` });
    mailer.failures = 1;
    await expect(guest.handle(confirmed())).rejects.toThrow('451');
    expect(await guest.handle(confirmed())).toBe('sent');
    expect(await desk.handle(confirmed())).toBe('sent');
    expect(mailer.sent.map((m) => m.to)).toEqual(['ada@example.com', `desk+${HOTEL}@hotel.test`]);
  });

  it('ignores events it has no template for', async () => {
    const db = await dbWithHotel();
    const mailer = new RecordingMailer();
    const consumer = new SendReservationEmail('guest', { uow: db, mailer, hotelAdminEmail: () => 'desk@hotel.test' });
    expect(await consumer.handle({ ...confirmed(), type: 'reservation.checked_in' })).toBe('not-applicable');
    expect(mailer.sent).toEqual([]);
  });
});

describe('DeliverWebhooks', () => {
  it('retries only the endpoint that failed, logs every attempt, and never posts twice to one that took the event', async () => {
    const db = await dbWithHotel();
    const calls: string[] = [];
    let failing = new Set(['https://b.example/']);
    const sender: WebhookSender = {
      async send(target): Promise<WebhookResponse> {
        calls.push(target.url);
        return failing.has(target.url) ? { delivered: false, statusCode: 500, error: 'receiver answered 500' } : { delivered: true, statusCode: 200 };
      },
    };
    await db.run(HOTEL, async (tx) => {
      for (const [id, url] of [['whk_a', 'https://a.example/'], ['whk_b', 'https://b.example/'], ['whk_c', 'https://c.example/']] as const) {
        await tx.webhooks.add({ id, hotelId: HOTEL, url, eventTypes: id === 'whk_c' ? ['reservation.cancelled'] : ['reservation.confirmed'], secret: 's'.repeat(16), createdAt: new Date(0) });
      }
      return ok(undefined);
    });
    const consumer = new DeliverWebhooks({ uow: db, sender, clock: new FakeClock(new Date('2030-05-01T10:00:00Z')) });

    await expect(consumer.handle(confirmed())).rejects.toThrow(WebhookDeliveryFailed);
    failing = new Set();
    await consumer.handle(confirmed());
    await consumer.handle(confirmed());
    expect(calls).toEqual(['https://a.example/', 'https://b.example/', 'https://b.example/']);
    const log = await db.run(HOTEL, async (tx) => ok(await tx.webhooks.attempts(HOTEL, 'whk_b', 10)));
    expect(log.ok && log.value.map((a) => [a.statusCode, a.delivered])).toEqual([
      [200, true],
      [500, false],
    ]);
  });
});
