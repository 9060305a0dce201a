import type { ReservationEvent, ReservationEventType } from '../events/domain-event.js';
import type { Hotel } from '../hotel/hotel.js';
import { describePolicy } from '../rates/cancellation.js';
import type { CancellationPolicy } from '../rates/rate-plan.js';
import { CalendarDate } from '../time/calendar-date.js';
import { startOfDay } from '../time/zoned-instant.js';

/** Who an email is for: the guest who booked, or the hotel's front desk. */
export type EmailAudience = 'guest' | 'hotel-admin';

/** The reservation events each audience hears about. */
export const EMAIL_EVENT_TYPES: Readonly<Record<EmailAudience, readonly ReservationEventType[]>> = {
  guest: ['reservation.confirmed', 'reservation.modified', 'reservation.cancelled', 'reservation.no_show'],
  'hotel-admin': ['reservation.confirmed', 'reservation.modified', 'reservation.cancelled', 'reservation.no_show'],
};

/** What an email is rendered from: the event, and the hotel and reservation of record. */
export interface EmailFacts {
  readonly event: ReservationEvent;
  readonly hotel: Hotel;
  readonly roomTypeName: string;
  /** The reservation's current terms (null if it is gone; then the policy is left out). */
  readonly cancellationPolicy: CancellationPolicy | null;
  /** What cancelling cost, for a cancellation. */
  readonly cancellationPenaltyMinor: number | null;
}

export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** The facts cannot make a sensible email (a bug or a corrupt event): retrying will not help. */
export class UnrenderableEmail extends Error {
  override readonly name = 'UnrenderableEmail';
}

const HOUR = 3_600_000;
const LOCALE = 'en-GB';

interface Template {
  subject(f: Vars): string;
  /** The opening sentence. */
  lead(f: Vars): string;
}

interface Vars {
  readonly hotel: string;
  readonly guest: string;
  readonly reference: string;
  readonly stay: string;
}

const TEMPLATES: Readonly<Record<EmailAudience, Partial<Record<ReservationEventType, Template>>>> = {
  guest: {
    'reservation.confirmed': {
      subject: (v) => `Your booking at ${v.hotel} is confirmed (${v.reference})`,
      lead: (v) => `Dear ${v.guest}, your stay at ${v.hotel} from ${v.stay} is confirmed.`,
    },
    'reservation.modified': {
      subject: (v) => `Your booking at ${v.hotel} was changed (${v.reference})`,
      lead: (v) => `Dear ${v.guest}, your booking at ${v.hotel} was changed. Your stay is now ${v.stay}.`,
    },
    'reservation.cancelled': {
      subject: (v) => `Your booking at ${v.hotel} is cancelled (${v.reference})`,
      lead: (v) => `Dear ${v.guest}, your stay at ${v.hotel} from ${v.stay} is cancelled.`,
    },
    'reservation.no_show': {
      subject: (v) => `You were recorded as a no-show at ${v.hotel} (${v.reference})`,
      lead: (v) => `Dear ${v.guest}, ${v.hotel} recorded that you did not arrive for your stay from ${v.stay}.`,
    },
  },
  'hotel-admin': {
    'reservation.confirmed': {
      subject: (v) => `New booking ${v.reference}: ${v.guest}, ${v.stay}`,
      lead: (v) => `${v.guest} booked a stay at ${v.hotel} from ${v.stay}.`,
    },
    'reservation.modified': {
      subject: (v) => `Booking changed ${v.reference}: ${v.guest}, ${v.stay}`,
      lead: (v) => `The booking of ${v.guest} at ${v.hotel} was changed; the stay is now ${v.stay}.`,
    },
    'reservation.cancelled': {
      subject: (v) => `Booking cancelled ${v.reference}: ${v.guest}, ${v.stay}`,
      lead: (v) => `${v.guest} cancelled the stay at ${v.hotel} from ${v.stay}.`,
    },
    'reservation.no_show': {
      subject: (v) => `No-show recorded ${v.reference}: ${v.guest}, ${v.stay}`,
      lead: (v) => `${v.guest} was recorded as a no-show for the stay at ${v.hotel} from ${v.stay}.`,
    },
  },
};

/**
 * Renders the email an event calls for, in text and HTML: dates as the hotel's calendar dates,
 * times in the hotel's zone, amounts in the reservation's currency, and the cancellation terms.
 * Undefined when this audience gets no email for the event. Throws `UnrenderableEmail` when the
 * facts are unusable.
 */
export function renderReservationEmail(audience: EmailAudience, facts: EmailFacts): RenderedEmail | undefined {
  const template = TEMPLATES[audience][facts.event.type];
  if (!template) return undefined;
  const { event, hotel } = facts;
  const p = event.payload;
  const checkIn = CalendarDate.parse(p.checkIn);
  const checkOut = CalendarDate.parse(p.checkOut);
  if (!checkIn || !checkOut || checkOut.epochDay <= checkIn.epochDay) throw new UnrenderableEmail(`event ${event.id}: bad stay ${p.checkIn}..${p.checkOut}`);
  const money = currencyFormatter(p.currency, event.id);
  const dateText = (d: CalendarDate) => new Intl.DateTimeFormat(LOCALE, { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(d.epochDay * 86_400_000));
  const local = (at: Date) => new Intl.DateTimeFormat(LOCALE, { dateStyle: 'full', timeStyle: 'short', timeZone: hotel.timeZone }).format(at) + ` (${hotel.timeZone})`;
  const nights = checkOut.epochDay - checkIn.epochDay;
  const vars: Vars = {
    hotel: hotel.name,
    guest: p.guestName,
    reference: p.reservationId,
    stay: `${dateText(checkIn)} to ${dateText(checkOut)}`,
  };

  const rows: [string, string][] = [
    ['Reference', p.reservationId],
    ['Hotel', `${hotel.name}, ${hotel.city}`],
    ['Room', facts.roomTypeName],
    ['Check-in', dateText(checkIn)],
    ['Check-out', dateText(checkOut)],
    ['Nights', String(nights)],
    ['Guests', String(p.guests)],
    ['Total price', money(p.totalPriceMinor)],
    ['Status', p.status.toLowerCase().replaceAll('_', ' ')],
  ];
  if (audience === 'hotel-admin') rows.push(['Guest', `${p.guestName} <${p.guestEmail}>`]);
  if (event.type === 'reservation.cancelled' && facts.cancellationPenaltyMinor !== null) rows.push(['Cancellation charge', money(facts.cancellationPenaltyMinor)]);
  rows.push(['Recorded at', local(event.occurredAt)]);

  const policy = facts.cancellationPolicy;
  const policyLines: string[] = [];
  if (policy && event.type !== 'reservation.cancelled' && event.type !== 'reservation.no_show') {
    policyLines.push(describePolicy(policy));
    const hours = policy.freeUntilHoursBeforeArrival;
    if (hours !== null) policyLines.push(`Free cancellation ends ${local(new Date(startOfDay(checkIn, hotel.timeZone).getTime() - hours * HOUR))}.`);
  }

  const lead = template.lead(vars);
  const text = [
    lead,
    '',
    ...rows.map(([k, v]) => `${k}: ${v}`),
    ...(policyLines.length > 0 ? ['', 'Cancellation policy:', ...policyLines] : []),
    '',
    `${hotel.name}`,
  ].join('\n');
  const html = [
    '<!doctype html><html><body>',
    `<p>${escapeHtml(lead)}</p>`,
    '<table>',
    ...rows.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`),
    '</table>',
    ...(policyLines.length > 0 ? ['<h3>Cancellation policy</h3>', ...policyLines.map((l) => `<p>${escapeHtml(l)}</p>`)] : []),
    `<p>${escapeHtml(hotel.name)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: template.subject(vars), text, html };
}

function currencyFormatter(currency: string, eventId: string): (minor: number) => string {
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat(LOCALE, { style: 'currency', currency });
  } catch (e) {
    throw new UnrenderableEmail(`event ${eventId}: unknown currency ${JSON.stringify(currency)}`, { cause: e });
  }
  // Minor units per the currency (2 for EUR, 0 for JPY, 3 for BHD): Intl knows them.
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return (minor) => {
    if (!Number.isSafeInteger(minor)) throw new UnrenderableEmail(`event ${eventId}: amount ${minor} is not whole minor units`);
    return format.format(minor / 10 ** digits);
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
