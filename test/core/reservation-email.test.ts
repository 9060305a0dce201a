import { describe, expect, it } from 'vitest';
import type { ReservationEvent } from '../../src/core/events/domain-event.js';
import { Hotel } from '../../src/core/hotel/hotel.js';
import { renderReservationEmail, UnrenderableEmail, type EmailFacts } from '../../src/core/notification/reservation-email.js';
import { aHotel } from '../support/builders.js';

const hotel = (overrides: Parameters<typeof aHotel>[0] = {}): Hotel => {
  const made = Hotel.create('htl_1', aHotel(overrides));
  if (!made.ok) throw new Error('bad hotel');
  return made.value;
};

const event = (overrides: Partial<ReservationEvent['payload']> = {}, type: ReservationEvent['type'] = 'reservation.confirmed'): ReservationEvent => ({
  id: 'evt_1',
  type,
  occurredAt: new Date('2030-05-01T22:30:00Z'),
  hotelId: 'htl_1',
  aggregateId: 'res_1',
  payload: {
    reservationId: 'res_1',
    hotelId: 'htl_1',
    roomTypeId: 'rt_1',
    checkIn: '2030-06-01',
    checkOut: '2030-06-04',
    guests: 2,
    guestName: 'Ada <Lovelace>',
    guestEmail: 'ada@example.com',
    status: 'CONFIRMED',
    totalPriceMinor: 123_456,
    currency: 'EUR',
    ...overrides,
  },
});

const facts = (e: ReservationEvent, h = hotel()): EmailFacts => ({
  event: e,
  hotel: h,
  roomTypeName: 'Deluxe',
  cancellationPolicy: { freeUntilHoursBeforeArrival: 48, penalty: { kind: 'FIRST_NIGHT' } },
  cancellationPenaltyMinor: 41_152,
});

describe('renderReservationEmail', () => {
  it.each([
    ['EUR', 123_456, '€1,234.56'],
    ['JPY', 123_456, 'JP¥123,456'],
    ['BHD', 123_456, 'BHD\u00a0123.456'], // three minor digits; Intl puts a no-break space
  ])('formats %s amounts from minor units by the currency', (currency, minor, shown) => {
    const mail = renderReservationEmail('guest', facts(event({ currency, totalPriceMinor: minor })));
    expect(mail?.text).toContain(`Total price: ${shown}`);
  });

  it('states times in the hotel zone: booked at 00:30 Paris time, free cancellation until 48 hours before arrival day', () => {
    const mail = renderReservationEmail('guest', facts(event()));
    expect(mail?.text).toContain('Recorded at: Thursday, 2 May 2030 at 00:30 (Europe/Paris)');
    expect(mail?.text).toContain('Free cancellation ends Thursday, 30 May 2030 at 00:00 (Europe/Paris).');
    expect(mail?.text).toContain('Check-in: Saturday, 1 June 2030');
    expect(mail?.text).toContain('Nights: 3');
  });

  it('escapes guest input in the HTML part and keeps it as typed in the text part', () => {
    const mail = renderReservationEmail('guest', facts(event()));
    expect(mail?.html).toContain('Dear Ada &#60;Lovelace&#62;');
    expect(mail?.html).not.toContain('<Lovelace>');
    expect(mail?.text).toContain('Dear Ada <Lovelace>');
  });

  it.each([
    ['guest', 'reservation.confirmed', 'Your booking at Hotel Lutetia is confirmed (res_1)'],
    ['guest', 'reservation.modified', 'Your booking at Hotel Lutetia was changed (res_1)'],
    ['guest', 'reservation.cancelled', 'Your booking at Hotel Lutetia is cancelled (res_1)'],
    ['guest', 'reservation.no_show', 'You were recorded as a no-show at Hotel Lutetia (res_1)'],
    ['hotel-admin', 'reservation.confirmed', 'New booking res_1: Ada <Lovelace>, Saturday, 1 June 2030 to Tuesday, 4 June 2030'],
    ['hotel-admin', 'reservation.cancelled', 'Booking cancelled res_1: Ada <Lovelace>, Saturday, 1 June 2030 to Tuesday, 4 June 2030'],
  ] as const)('%s gets a %s email: %s', (audience, type, subject) => {
    expect(renderReservationEmail(audience, facts(event({}, type)))?.subject).toBe(subject);
  });

  it('shows the cancellation charge on a cancellation, and no policy', () => {
    const mail = renderReservationEmail('guest', facts(event({}, 'reservation.cancelled')));
    expect(mail?.text).toContain('Cancellation charge: €411.52');
    expect(mail?.text).not.toContain('Cancellation policy');
  });

  it('sends nothing for an event without a template', () => {
    expect(renderReservationEmail('guest', facts(event({}, 'reservation.checked_in')))).toBeUndefined();
  });

  it.each([
    [{ currency: 'XYZ1' }, /currency/],
    [{ checkOut: '2030-05-30' }, /bad stay/],
    [{ totalPriceMinor: 1.5 }, /minor units/],
  ])('refuses to render %o', (payload, message) => {
    expect(() => renderReservationEmail('guest', facts(event(payload)))).toThrow(UnrenderableEmail);
    expect(() => renderReservationEmail('guest', facts(event(payload)))).toThrow(message);
  });
});
