import type { Hotel } from '../../../src/gen/hotel/v1/hotel_pb.js';
import { ReservationStatus, type Reservation } from '../../../src/gen/hotel/v1/reservation_pb.js';
import { admin, newIdempotencyKey } from '../api.js';
import { addDays, todayIn } from '../lib/dates.js';
import { formatMoney, plural } from '../lib/format.js';
import { STATUSES } from '../guest/labels.js';
import { Empty, ErrorBanner, Loading, useAsync, useSubmit } from '../ui.js';
import { listAll } from './reservations.js';

/** Today's arrivals and departures, "today" being the hotel's date. */
export function FrontDesk({ hotel, onChange }: { hotel: Hotel; onChange: () => void }) {
  const today = todayIn(hotel.timeZone);
  const [lists, reload] = useAsync(async () => {
    const [arriving, leaving] = await Promise.all([
      listAll({ hotelId: hotel.id, stayFrom: today, stayTo: addDays(today, 1), statuses: [] }),
      listAll({ hotelId: hotel.id, stayFrom: addDays(today, -1), stayTo: today, statuses: [] }),
    ]);
    return { arrivals: arriving.filter((r) => r.checkIn === today), departures: leaving.filter((r) => r.checkOut === today) };
  }, [hotel.id, today]);
  const done = () => (reload(), onChange());
  if (lists.state === 'loading') return <Loading what="today's guests" />;
  if (lists.state === 'error') return <ErrorBanner error={lists.error} />;
  return (
    <div className="columns">
      <section aria-labelledby="arrivals-title">
        <h2 id="arrivals-title">Arrivals today ({lists.value.arrivals.length})</h2>
        {lists.value.arrivals.length === 0 ? <Empty>No arrivals today.</Empty> : <Guests list={lists.value.arrivals} kind="arrival" onDone={done} />}
      </section>
      <section aria-labelledby="departures-title">
        <h2 id="departures-title">Departures today ({lists.value.departures.length})</h2>
        {lists.value.departures.length === 0 ? <Empty>No departures today.</Empty> : <Guests list={lists.value.departures} kind="departure" onDone={done} />}
      </section>
    </div>
  );
}

function Guests({ list, kind, onDone }: { list: Reservation[]; kind: 'arrival' | 'departure'; onDone: () => void }) {
  return (
    <ul className="plain">
      {list.map((r) => (
        <GuestRow key={r.id} reservation={r} kind={kind} onDone={onDone} />
      ))}
    </ul>
  );
}

function GuestRow({ reservation: r, kind, onDone }: { reservation: Reservation; kind: 'arrival' | 'departure'; onDone: () => void }) {
  const submit = useSubmit();
  const act = (call: (req: { reservationId: string; idempotencyKey: string }) => Promise<unknown>) =>
    void submit.run(async () => {
      await call({ reservationId: r.id, idempotencyKey: newIdempotencyKey() });
      onDone();
    });
  return (
    <li className="card guest-row">
      <strong>{r.guestName}</strong> · {plural(r.guests + r.children, 'guest')} · {formatMoney(r.totalPrice)} · <span className="status">{STATUSES[r.status]}</span>
      <div className="actions">
        {kind === 'arrival' && r.status === ReservationStatus.CONFIRMED && (
          <>
            <button type="button" onClick={() => act((req) => admin.checkIn(req))} disabled={submit.busy} aria-label={`Check in ${r.guestName}`}>
              Check in
            </button>
            <button type="button" className="secondary" onClick={() => act((req) => admin.markNoShow(req))} disabled={submit.busy} aria-label={`Mark ${r.guestName} as no-show`}>
              No-show
            </button>
          </>
        )}
        {kind === 'departure' && r.status === ReservationStatus.CHECKED_IN && (
          <button type="button" onClick={() => act((req) => admin.checkOut(req))} disabled={submit.busy} aria-label={`Check out ${r.guestName}`}>
            Check out
          </button>
        )}
      </div>
      <ErrorBanner error={submit.error} />
    </li>
  );
}
