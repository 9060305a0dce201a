import { booking } from '../api.js';
import { formatMoney, formatNight } from '../lib/format.js';
import { href } from '../router.js';
import { Empty, ErrorBanner, Loading, useAsync } from '../ui.js';
import { STATUSES } from './labels.js';

/** The signed-in guest's reservations (ListMyReservations with the account's email). */
export function MyReservationsPage({ email }: { email: string }) {
  return (
    <section aria-labelledby="my-title">
      <h1 id="my-title">My reservations</h1>
      <p className="muted">Reservations booked with {email}.</p>
      <List email={email} />
    </section>
  );
}

function List({ email }: { email: string }) {
  const [list] = useAsync(async () => (await booking.listMyReservations({ guestEmail: email, pageSize: 100 })).reservations, [email]);
  if (list.state === 'loading') return <Loading what="your reservations" />;
  if (list.state === 'error') return <ErrorBanner error={list.error} extra={Object.values(list.error.fields)} />;
  if (list.value.length === 0) return <Empty>No reservation yet. <a href={href('/')}>Search hotels</a></Empty>;
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
