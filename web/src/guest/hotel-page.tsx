import { useState, type FormEvent } from 'react';
import type { StayQuote } from '../../../src/gen/hotel/v1/booking_service_pb.js';
import type { Hotel } from '../../../src/gen/hotel/v1/hotel_pb.js';
import { booking, newIdempotencyKey, search } from '../api.js';
import { addDays, nightsBetween } from '../lib/dates.js';
import { fieldError, unplacedViolations } from '../lib/errors.js';
import { amenityLabel, formatMoney, formatNight, plural } from '../lib/format.js';
import { href, navigate, type Route } from '../router.js';
import { useSession, type Session } from '../session.js';
import { Empty, ErrorBanner, Field, Loading, useAsync, useSubmit } from '../ui.js';
import { MEAL_PLANS } from './labels.js';
import { PriceTable } from './price-breakdown.js';

/** One hotel: its room types and rates for the chosen stay, each with its price and cancellation terms. */
export function HotelPage({ hotelId, route }: { hotelId: string; route: Route }) {
  const q = route.query;
  const today = new Date().toISOString().slice(0, 10);
  const checkIn = q.get('checkIn') ?? addDays(today, 14);
  const checkOut = q.get('checkOut') ?? addDays(checkIn, 2);
  const guests = Number(q.get('guests') ?? '2') || 2;
  const children = Number(q.get('children') ?? '0') || 0;
  const [stay, setStay] = useState({ checkIn, checkOut, guests: String(guests), children: String(children) });
  const [chosen, setChosen] = useState<StayQuote | undefined>();

  const session = useSession();
  // DescribeHotel is public: the page works signed out; booking asks for a sign-in.
  const [hotel] = useAsync(() => search.describeHotel({ hotelId }), [hotelId]);
  const [quotes] = useAsync(
    async () => (await booking.quoteStay({ hotelId, checkIn, checkOut, adults: guests, children })).quotes,
    [hotelId, checkIn, checkOut, guests, children],
  );

  if (hotel.state === 'loading') return <Loading what="the hotel" />;
  if (hotel.state === 'error') return <ErrorBanner error={hotel.error} />;
  const h = hotel.value.hotel;
  if (!h) return <Empty>This hotel does not exist.</Empty>;

  const onStay = (event: FormEvent) => {
    event.preventDefault();
    setChosen(undefined);
    navigate(`/hotels/${hotelId}`, stay);
  };

  return (
    <article aria-labelledby="hotel-title">
      <h1 id="hotel-title">{h.name}</h1>
      <p className="muted">
        {h.city}, {h.countryCode} · times in {h.timeZone} · prices in {h.currencyCode}
      </p>
      {h.amenities.length > 0 && <p>{h.amenities.map(amenityLabel).join(' · ')}</p>}
      <form className="card row" onSubmit={onStay} aria-label="Change stay">
        <Field label="Check-in" type="date" value={stay.checkIn} onChange={(e) => setStay({ ...stay, checkIn: e.target.value })} />
        <Field label="Check-out" type="date" value={stay.checkOut} onChange={(e) => setStay({ ...stay, checkOut: e.target.value })} />
        <Field label="Adults" type="number" min={1} max={20} value={stay.guests} onChange={(e) => setStay({ ...stay, guests: e.target.value })} />
        <Field label="Children" type="number" min={0} max={19} value={stay.children} onChange={(e) => setStay({ ...stay, children: e.target.value })} />
        <button type="submit" className="secondary">
          Update prices
        </button>
      </form>
      <h2>
        Rooms for {plural(nightsBetween(checkIn, checkOut), 'night')}, {formatNight(checkIn)} to {formatNight(checkOut)}
      </h2>
      {quotes.state === 'loading' && <Loading what="prices" />}
      {quotes.state === 'error' && (
        <ErrorBanner error={quotes.error} extra={Object.entries(quotes.error.fields).map(([field, text]) => `${field.replace('_', '-')}: ${text}`)} />
      )}
      {quotes.state === 'ready' && quotes.value.length === 0 && <Empty>No room is available for this stay. Try other dates.</Empty>}
      {quotes.state === 'ready' && (
        <ul className="quotes">
          {quotes.value.map((quote) => {
            const key = `${quote.roomType?.id ?? ''}/${quote.ratePlan?.id ?? ''}`;
            const isChosen = chosen !== undefined && `${chosen.roomType?.id ?? ''}/${chosen.ratePlan?.id ?? ''}` === key;
            return (
              <li key={key} className={`card quote${isChosen ? ' quote--chosen' : ''}`}>
                <h3>
                  {quote.roomType?.name} · {quote.ratePlan?.name || 'Standard rate'}
                </h3>
                <p className="muted small">
                  Up to {plural(quote.roomType?.maxGuests ?? 0, 'guest')} · {MEAL_PLANS[quote.ratePlan?.mealPlan ?? 0]} · {plural(quote.roomsAvailable, 'room')} left
                </p>
                <PriceTable price={quote.price} />
                <p className="policy">
                  <strong>Cancellation policy: </strong>
                  {quote.cancellationPolicy?.description}
                </p>
                {isChosen && session?.role === 'guest' ? (
                  <BookingForm hotel={h} quote={quote} session={session} stay={{ checkIn, checkOut, guests, children }} onCancel={() => setChosen(undefined)} />
                ) : isChosen ? (
                  <SignInToBook session={session} onCancel={() => setChosen(undefined)} />
                ) : (
                  <button type="button" onClick={() => setChosen(quote)} aria-label={`Book ${quote.roomType?.name ?? ''}, ${quote.ratePlan?.name || 'standard rate'}`}>
                    Book for {formatMoney(quote.price?.afterTax)}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </article>
  );
}

const FORM_FIELDS = ['guest_name', 'guest_email', 'guests', 'children', 'check_in', 'check_out'];

/** Booking needs a guest account: links to sign in or sign up that come back to this page. */
function SignInToBook({ session, onCancel }: { session: Session | undefined; onCancel: () => void }) {
  const here = window.location.hash.replace(/^#/, '') || '/';
  return (
    <div className="booking-form notice" role="status">
      {session ? (
        <p>You are signed in as a hotel admin. Sign in with a guest account to book.</p>
      ) : (
        <p>
          To book, <a href={href('/sign-in', { next: here })}>sign in</a> or <a href={href('/sign-up', { next: here })}>create an account</a>. Your stay and
          prices stay as they are.
        </p>
      )}
      <button type="button" className="secondary" onClick={onCancel}>
        Back
      </button>
    </div>
  );
}

/**
 * Guest details; the server validates and its field violations appear under the fields. The email
 * is the account's, locked: a guest may only book under its own email (the server refuses others).
 */
function BookingForm(props: { hotel: Hotel; quote: StayQuote; session: Session; stay: { checkIn: string; checkOut: string; guests: number; children: number }; onCancel: () => void }) {
  const { hotel, quote, stay, session } = props;
  const [form, setForm] = useState({ name: session.name, guests: String(stay.guests), children: String(stay.children) });
  // One key per form: pressing Book again after a network error cannot book twice.
  const [key] = useState(newIdempotencyKey);
  const submit = useSubmit();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => {
      const response = await booking.createReservation({
        idempotencyKey: key,
        hotelId: hotel.id,
        roomTypeId: quote.roomType?.id ?? '',
        ratePlanId: quote.ratePlan?.id ?? '',
        checkIn: stay.checkIn,
        checkOut: stay.checkOut,
        guests: Number(form.guests),
        children: Number(form.children),
        guestName: form.name,
        guestEmail: session.email,
      });
      navigate(`/reservations/${response.reservation?.id ?? ''}`, { booked: '1' });
    });
  };
  const e = submit.error;
  return (
    <form className="booking-form" onSubmit={onSubmit} noValidate aria-label="Guest details">
      <h4>Your details</h4>
      <Field label="Full name" name="guest_name" autoComplete="name" autoFocus value={form.name} error={fieldError(e, 'guest_name')} onChange={(ev) => setForm({ ...form, name: ev.target.value })} />
      <Field label="Email" name="guest_email" type="email" value={session.email} readOnly hint="your account's email" error={fieldError(e, 'guest_email')} />
      <div className="row">
        <Field label="Adults" name="guests" type="number" min={1} max={20} value={form.guests} error={fieldError(e, 'guests')} onChange={(ev) => setForm({ ...form, guests: ev.target.value })} />
        <Field label="Children" name="children" type="number" min={0} max={19} value={form.children} error={fieldError(e, 'children')} onChange={(ev) => setForm({ ...form, children: ev.target.value })} />
      </div>
      <p className="small muted">No payment is taken now. {quote.cancellationPolicy?.description}</p>
      <ErrorBanner error={e} extra={unplacedViolations(e, FORM_FIELDS)} />
      <div className="actions">
        <button type="submit" disabled={submit.busy}>
          {submit.busy ? 'Booking…' : `Confirm booking · ${formatMoney(quote.price?.afterTax)}`}
        </button>
        <button type="button" className="secondary" onClick={props.onCancel}>
          Back
        </button>
      </div>
    </form>
  );
}
