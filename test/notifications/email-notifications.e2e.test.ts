import { connect } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { call } from '../support/grpc-client.js';
import { RABBITMQ_URL, publishRaw } from '../support/rabbitmq.js';
import { EMAIL_CONSUMERS, NotificationHarness } from './notification-harness.js';

// The real path: gRPC -> Postgres (booking + outbox) -> relay -> RabbitMQ -> email consumers ->
// nodemailer -> a real SMTP server in this process, with the broker reached through a TCP proxy.

const WAIT = { timeout: 15_000, interval: 50 };

describe('email notifications over RabbitMQ and SMTP', () => {
  let harness: NotificationHarness | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  it('emails the guest and the front desk on confirmation and cancellation, in the hotel zone and currency', async () => {
    const h = (harness = await NotificationHarness.start());
    const { hotelId, roomTypeId } = await h.hotel();
    const { reservationId, guestEmail } = await h.book(hotelId, roomTypeId);
    const desk = `desk+${hotelId}@hotel.test`;

    await vi.waitFor(() => expect(h.smtp.received).toHaveLength(2), WAIT);
    const [toGuest] = h.smtp.to(guestEmail);
    const [toDesk] = h.smtp.to(desk);
    expect(toGuest?.subject).toBe(`Your booking at Hotel Sakura is confirmed (${reservationId})`);
    expect(toGuest?.text).toContain('Room: Garden Twin');
    expect(toGuest?.text).toContain('Total price: JP¥36,000');
    expect(toGuest?.text).toMatch(/Free cancellation ends .* \(Asia\/Tokyo\)\./);
    expect(toGuest?.html).toContain('<th align="left">Total price</th><td>JP¥36,000</td>');
    expect(toGuest?.headers.get('x-hotel-event-type')).toBe('reservation.confirmed');
    expect(toDesk?.subject).toMatch(new RegExp(`^New booking ${reservationId}: Ada Lovelace, `));
    expect(toDesk?.text).toContain(`Guest: Ada Lovelace <${guestEmail}>`);

    await call(h.api.booking, 'cancelReservation', { reservationId });
    await vi.waitFor(() => expect(h.smtp.received).toHaveLength(4), WAIT);
    expect(h.smtp.to(guestEmail).map((m) => m.subject)).toEqual([
      `Your booking at Hotel Sakura is confirmed (${reservationId})`,
      `Your booking at Hotel Sakura is cancelled (${reservationId})`,
    ]);
    expect(h.smtp.to(guestEmail)[1]?.text).toContain('Cancellation charge: JP¥0');
    // The SMTP server has the message a moment before the sender's transaction commits its record.
    for (const consumer of EMAIL_CONSUMERS) await vi.waitFor(async () => expect(await h.deliveries(consumer)).toHaveLength(2), WAIT);
  });

  it('retries a send the mail server refused and still sends it once', async () => {
    const h = (harness = await NotificationHarness.start());
    const { hotelId, roomTypeId } = await h.hotel();
    h.smtp.failNext(2);
    const { guestEmail } = await h.book(hotelId, roomTypeId);
    await vi.waitFor(() => expect(h.smtp.received).toHaveLength(2), WAIT);
    expect(h.smtp.refused).toBe(2);
    expect(h.smtp.to(guestEmail)).toHaveLength(1);
    for (const consumer of EMAIL_CONSUMERS) await vi.waitFor(async () => expect(await h.deliveries(consumer)).toHaveLength(1), WAIT);
  });

  it('books while the broker is unreachable; once it is back every email goes out exactly once', async () => {
    const h = (harness = await NotificationHarness.start());
    const { hotelId, roomTypeId } = await h.hotel();
    await h.broker.down();
    const bookings = [];
    for (let i = 0; i < 3; i++) bookings.push(await h.book(hotelId, roomTypeId));
    // Committed and waiting in the outbox; nothing can have been mailed.
    expect(await h.unsentEvents()).toBeGreaterThanOrEqual(3);
    expect(h.smtp.received).toHaveLength(0);

    await h.broker.up();
    await vi.waitFor(async () => expect(await h.unsentEvents()).toBe(0), WAIT);
    await vi.waitFor(() => expect(h.smtp.received).toHaveLength(6), WAIT);
    for (const b of bookings) expect(h.smtp.to(b.guestEmail)).toHaveLength(1);
    for (const consumer of EMAIL_CONSUMERS) {
      await vi.waitFor(async () => expect(await h.deliveries(consumer)).toHaveLength(3), WAIT);
      const rows = await h.deliveries(consumer);
      expect(new Set(rows.map((r) => r.event_id)).size).toBe(3);
    }
  });

  it('delivers an event again when the process died between publishing and marking it sent, and mails it once', async () => {
    const h = (harness = await NotificationHarness.start());
    const { hotelId, roomTypeId } = await h.hotel();
    const { guestEmail } = await h.book(hotelId, roomTypeId);
    await vi.waitFor(() => expect(h.smtp.received).toHaveLength(2), WAIT);
    // What the outbox looks like if the process was killed after the broker confirmed the event
    // but before the relay's update committed: the row is still unsent. A new process relays it again.
    await h.inspector.query('update outbox set sent_at = null');
    await h.restart();

    await vi.waitFor(() => expect(h.logged('email already sent for this event; skipped')).toHaveLength(2), WAIT);
    expect(await h.unsentEvents()).toBe(0);
    expect(h.smtp.received).toHaveLength(2);
    expect(h.smtp.to(guestEmail)).toHaveLength(1);
  });

  it('sends a message that cannot be rendered to the dead-letter queue after its retries, without holding up the queue', async () => {
    const h = (harness = await NotificationHarness.start());
    const { hotelId, roomTypeId } = await h.hotel();
    // Well-formed, but about a hotel that does not exist: no email can be rendered for it.
    const poison = {
      id: `evt_${randomUUID()}`,
      type: 'reservation.confirmed',
      occurredAt: new Date().toISOString(),
      hotelId: 'htl_000_missing',
      aggregateId: 'res_000_missing',
      payload: {
        reservationId: 'res_000_missing',
        hotelId: 'htl_000_missing',
        roomTypeId: 'rt_missing',
        checkIn: '2031-01-01',
        checkOut: '2031-01-02',
        guests: 1,
        guestName: 'Nobody',
        guestEmail: 'nobody@example.com',
        status: 'CONFIRMED',
        totalPriceMinor: 100,
        currency: 'EUR',
      },
    };
    await publishRaw(h.names.exchange, 'reservation.confirmed', Buffer.from(JSON.stringify(poison)));
    const { guestEmail } = await h.book(hotelId, roomTypeId);

    await vi.waitFor(() => expect(h.smtp.to(guestEmail)).toHaveLength(1), WAIT);
    const model = await connect(RABBITMQ_URL);
    try {
      const channel = await model.createChannel();
      for (const consumer of EMAIL_CONSUMERS) {
        const { deadLetterQueue, queue } = h.names.topology(consumer);
        await vi.waitFor(async () => expect((await channel.checkQueue(deadLetterQueue)).messageCount).toBe(1), WAIT);
        expect((await channel.checkQueue(queue)).messageCount).toBe(0);
        const dead = await channel.get(deadLetterQueue);
        expect(dead && JSON.parse(dead.content.toString()).id).toBe(poison.id);
        expect(dead && dead.properties.headers?.['hotel_attempt']).toBe(3);
        if (dead) channel.nack(dead, false, true);
      }
    } finally {
      await model.close();
    }
    expect(h.smtp.received.filter((m) => m.to.includes('nobody@example.com'))).toHaveLength(0);
  });
});
