import { useState, type FormEvent } from 'react';
import type { PreviewCancellationResponse } from '../../../src/gen/hotel/v1/booking_service_pb.js';
import { ReservationStatus, type Reservation } from '../../../src/gen/hotel/v1/reservation_pb.js';
import { booking, newIdempotencyKey, search } from '../api.js';
import { nightsBetween } from '../lib/dates.js';
import { fieldError, unplacedViolations } from '../lib/errors.js';
import { formatInstant, formatMoney, formatNight, plural } from '../lib/format.js';
import { href, type Route } from '../router.js';
import { ErrorBanner, Field, Loading, useAsync, useSubmit } from '../ui.js';
import { STATUSES } from './labels.js';
import { PriceTable } from './price-breakdown.js';

const CHANGEABLE = new Set([ReservationStatus.CONFIRMED, ReservationStatus.HELD]);

/** Confirmation after booking, and the guest's view of one reservation: details, change dates, cancel. */
export function ReservationPage({ reservationId, route }: { reservationId: string; route: Route }) {
  const [loaded, reload] = useAsync(async () => {
    const { reservation } = await booking.getReservation({ reservationId });
    const hotel = reservation ? await search.describeHotel({ hotelId: reservation.hotelId }).then(
          (described) => described.hotel,
          // A hotel no longer on sale still has its reservations: show the id instead of its name.
          () => undefined,
        ) : undefined;
    return { reservation, hotel };
  }, [reservationId]);
  if (loaded.state === 'loading') return <Loading what="the reservation" />;
  if (loaded.state === 'error') return <ErrorBanner error={loaded.error} />;
  const { reservation: r, hotel } = loaded.value;
  if (!r) return null;
  const justBooked = route.query.get('booked') === '1';
  const tz = hotel?.timeZone ?? 'UTC';
  return (
    <article aria-labelledby="reservation-title">
      {justBooked && (
        <div className="success" role="status">
          <strong>Booking confirmed.</strong> A confirmation is on its way to {r.guestEmail}.
        </div>
      )}
      <h1 id="reservation-title">Reservation {r.id}</h1>
      <div className="card">
        <dl className="facts">
          <dt>Hotel</dt>
          <dd>
            <a href={href(`/hotels/${r.hotelId}`, { checkIn: r.checkIn, checkOut: r.checkOut, guests: r.guests })}>{hotel?.name ?? r.hotelId}</a>
          </dd>
          <dt>Status</dt>
          <dd className={`status status--${ReservationStatus[r.status].toLowerCase()}`}>{STATUSES[r.status]}</dd>
          <dt>Stay</dt>
          <dd>
            {formatNight(r.checkIn)} to {formatNight(r.checkOut)} ({plural(nightsBetween(r.checkIn, r.checkOut), 'night')})
          </dd>
          <dt>Guests</dt>
          <dd>
            {r.guestName} · {plural(r.guests, 'adult')}
            {r.children > 0 ? `, ${plural(r.children, 'child', 'children')}` : ''}
          </dd>
          <dt>Booked</dt>
          <dd>{formatInstant(r.createdAt, tz)}</dd>
          {r.cancelledAt && (
            <>
              <dt>Cancelled</dt>
              <dd>
                {formatInstant(r.cancelledAt, tz)}
                {r.cancellationPenalty ? ` · penalty ${formatMoney(r.cancellationPenalty)}` : ''}
              </dd>
            </>
          )}
          <dt>Cancellation policy</dt>
          <dd>{r.cancellationPolicy?.description || '—'}</dd>
        </dl>
        <PriceTable price={r.price} />
        {!r.price && <p>Total {formatMoney(r.totalPrice)}</p>}
      </div>
      {CHANGEABLE.has(r.status) && (
        <>
          <ModifyDates reservation={r} onDone={reload} />
          <Cancel reservation={r} onDone={reload} />
        </>
      )}
      <p>
        <a href={href('/my')}>All my reservations</a>
      </p>
    </article>
  );
}

/** Moves keyboard focus into a panel when it appears (a stable callback: React calls it once). */
const focusOnMount = (node: HTMLElement | null) => node?.focus();

function ModifyDates({ reservation, onDone }: { reservation: Reservation; onDone: () => void }) {
  const [dates, setDates] = useState({ checkIn: reservation.checkIn, checkOut: reservation.checkOut });
  const [key, setKey] = useState(newIdempotencyKey);
  const [done, setDone] = useState<string | undefined>();
  const submit = useSubmit();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    void submit.run(async () => {
      const response = await booking.modifyReservation({ reservationId: reservation.id, checkIn: dates.checkIn, checkOut: dates.checkOut, idempotencyKey: key });
      setKey(newIdempotencyKey());
      setDone(`Dates changed. New total ${formatMoney(response.reservation?.totalPrice)} (difference ${formatMoney(response.priceDifference)}).`);
      onDone();
    });
  };
  const e = submit.error;
  return (
    <form className="card" onSubmit={onSubmit} noValidate aria-labelledby="modify-title">
      <h2 id="modify-title">Change dates</h2>
      <div className="row">
        <Field label="New check-in" name="check_in" type="date" value={dates.checkIn} error={fieldError(e, 'check_in')} onChange={(ev) => setDates({ ...dates, checkIn: ev.target.value })} />
        <Field label="New check-out" name="check_out" type="date" value={dates.checkOut} error={fieldError(e, 'check_out')} onChange={(ev) => setDates({ ...dates, checkOut: ev.target.value })} />
      </div>
      <ErrorBanner error={e} extra={unplacedViolations(e, ['check_in', 'check_out'])} />
      {done && <p role="status">{done}</p>}
      <button type="submit" disabled={submit.busy}>
        {submit.busy ? 'Saving…' : 'Change dates'}
      </button>
    </form>
  );
}

/** Cancelling always shows the penalty first; only a second, explicit step cancels. */
function Cancel({ reservation, onDone }: { reservation: Reservation; onDone: () => void }) {
  const [preview, setPreview] = useState<PreviewCancellationResponse | undefined>();
  const [key] = useState(newIdempotencyKey);
  const submit = useSubmit();
  const ask = () => void submit.run(async () => setPreview(await booking.previewCancellation({ reservationId: reservation.id })));
  const confirm = () =>
    void submit.run(async () => {
      await booking.cancelReservation({ reservationId: reservation.id, idempotencyKey: key });
      setPreview(undefined);
      onDone();
    });
  const free = preview?.penalty === undefined || preview.penalty.amountMinor === 0n;
  return (
    <section className="card" aria-labelledby="cancel-title">
      <h2 id="cancel-title">Cancel reservation</h2>
      {!preview ? (
        <button type="button" className="danger" onClick={ask} disabled={submit.busy}>
          Cancel reservation…
        </button>
      ) : (
        <div role="alertdialog" aria-labelledby="penalty-title" aria-describedby="penalty-text" className="penalty" tabIndex={-1} ref={focusOnMount}>
          <h3 id="penalty-title">{free ? 'Free cancellation' : `Cancellation fee: ${formatMoney(preview.penalty)}`}</h3>
          <p id="penalty-text">
            {preview.policyDescription}{' '}
            {free ? 'You will not be charged.' : `If you cancel now you will be charged ${formatMoney(preview.penalty)}.`}
          </p>
          <div className="actions">
            <button type="button" className="danger" onClick={confirm} disabled={submit.busy}>
              {submit.busy ? 'Cancelling…' : 'Confirm cancellation'}
            </button>
            <button type="button" className="secondary" onClick={() => setPreview(undefined)}>
              Keep reservation
            </button>
          </div>
        </div>
      )}
      <ErrorBanner error={submit.error} />
    </section>
  );
}
