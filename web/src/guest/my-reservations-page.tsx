import { useState, type FormEvent } from 'react';
import { booking } from '../api.js';
import { formatMoney, formatNight } from '../lib/format.js';
import { href, navigate, type Route } from '../router.js';
import { Empty, ErrorBanner, Field, Loading, useAsync } from '../ui.js';
import { STATUSES } from './labels.js';

/** The guest's reservations found by email (no sign-in exists yet). */
export function MyReservationsPage({ route }: { route: Route }) {
  const email = route.query.get('email') ?? '';
  const [draft, setDraft] = useState(email);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    navigate('/my', { email: draft.trim() });
  };
  return (
    <section aria-labelledby="my-title">
      <h1 id="my-title">My reservations</h1>
      <form className="card row" onSubmit={onSubmit} aria-label="Find my reservations">
        <Field label="Email used for booking" name="email" type="email" autoComplete="email" value={draft} onChange={(e) => setDraft(e.target.value)} />
        <button type="submit">Show reservations</button>
      </form>
      {email ? <List email={email} /> : <Empty>Enter the email you booked with.</Empty>}
    </section>
  );
}

function List({ email }: { email: string }) {
  const [list] = useAsync(async () => (await booking.listMyReservations({ guestEmail: email, pageSize: 100 })).reservations, [email]);
  if (list.state === 'loading') return <Loading what="your reservations" />;
  if (list.state === 'error') return <ErrorBanner error={list.error} extra={Object.values(list.error.fields)} />;
  if (list.value.length === 0) return <Empty>No reservation for {email}.</Empty>;
  return (
    <ul className="reservations">
      {list.value.map((r) => (
        <li key={r.id} className="card">
          <a href={href(`/reservations/${r.id}`)}>
            {formatNight(r.checkIn)} to {formatNight(r.checkOut)}
          </a>{' '}
          · <span className="status">{STATUSES[r.status]}</span> · {formatMoney(r.totalPrice)}
          <div className="muted small">
            {r.guestName} · {r.id}
          </div>
        </li>
      ))}
    </ul>
  );
}
