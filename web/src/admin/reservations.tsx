import { useState } from 'react';
import type { Hotel } from '../../../src/gen/hotel/v1/hotel_pb.js';
import { ReservationStatus, type Reservation } from '../../../src/gen/hotel/v1/reservation_pb.js';
import type { PreviewCancellationResponse } from '../../../src/gen/hotel/v1/booking_service_pb.js';
import { admin, booking, newIdempotencyKey } from '../api.js';
import { addDays, todayIn } from '../lib/dates.js';
import { formatMoney, formatNight } from '../lib/format.js';
import { STATUSES } from '../guest/labels.js';
import { Empty, ErrorBanner, Field, Loading, SelectField, useAsync, useSubmit } from '../ui.js';

/** Every page of a hotel's reservations for the filters (front desk lists are small). */
export async function listAll(filter: { hotelId: string; stayFrom: string; stayTo: string; statuses: ReservationStatus[] }): Promise<Reservation[]> {
  const all: Reservation[] = [];
  let pageToken = '';
  for (let page = 0; page < 20; page++) {
    const response = await admin.listHotelReservations({ ...filter, pageSize: 100, pageToken });
    all.push(...response.reservations);
    pageToken = response.nextPageToken;
    if (!pageToken) break;
  }
  return all;
}

const FILTERABLE = [
  ReservationStatus.CONFIRMED,
  ReservationStatus.HELD,
  ReservationStatus.CHECKED_IN,
  ReservationStatus.CHECKED_OUT,
  ReservationStatus.CANCELLED,
  ReservationStatus.NO_SHOW,
  ReservationStatus.EXPIRED,
];

/** The hotel's reservations filtered by stay dates and status, with cancellation (penalty shown first). */
export function Reservations({ hotel, onChange }: { hotel: Hotel; onChange: () => void }) {
  const today = todayIn(hotel.timeZone);
  const [filter, setFilter] = useState({ stayFrom: today, stayTo: addDays(today, 30), status: '' });
  const statuses = filter.status ? [Number(filter.status) as ReservationStatus] : [];
  const [list, reload] = useAsync(() => listAll({ hotelId: hotel.id, stayFrom: filter.stayFrom, stayTo: filter.stayTo, statuses }), [hotel.id, filter.stayFrom, filter.stayTo, filter.status]);
  return (
    <div>
      <form className="row card" aria-label="Filter reservations" onSubmit={(e) => e.preventDefault()}>
        <Field label="Stays from" type="date" value={filter.stayFrom} onChange={(e) => setFilter({ ...filter, stayFrom: e.target.value })} />
        <Field label="Stays until" type="date" value={filter.stayTo} onChange={(e) => setFilter({ ...filter, stayTo: e.target.value })} />
        <SelectField label="Status" value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.target.value })}>
          <option value="">Any</option>
          {FILTERABLE.map((s) => (
            <option key={s} value={s}>
              {STATUSES[s]}
            </option>
          ))}
        </SelectField>
      </form>
      {list.state === 'loading' && <Loading what="reservations" />}
      {list.state === 'error' && <ErrorBanner error={list.error} extra={Object.entries(list.error.fields).map(([f, t]) => `${f}: ${t}`)} />}
      {list.state === 'ready' && list.value.length === 0 && <Empty>No reservation matches.</Empty>}
      {list.state === 'ready' && list.value.length > 0 && (
        <div className="grid-scroll">
          <table className="reservations-table">
            <thead>
              <tr>
                <th scope="col">Guest</th>
                <th scope="col">Stay</th>
                <th scope="col">Status</th>
                <th scope="col">Total</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.value.map((r) => (
                <Row key={r.id} reservation={r} onDone={() => (reload(), onChange())} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function Row({ reservation: r, onDone }: { reservation: Reservation; onDone: () => void }) {
  const [preview, setPreview] = useState<PreviewCancellationResponse | undefined>();
  const submit = useSubmit();
  const cancellable = r.status === ReservationStatus.CONFIRMED || r.status === ReservationStatus.HELD;
  return (
    <tr>
      <td>
        {r.guestName}
        <div className="muted small">{r.guestEmail}</div>
      </td>
      <td>
        {formatNight(r.checkIn)} – {formatNight(r.checkOut)}
      </td>
      <td>{STATUSES[r.status]}</td>
      <td>{formatMoney(r.totalPrice)}</td>
      <td>
        {cancellable && !preview && (
          <button type="button" className="danger small" onClick={() => void submit.run(async () => setPreview(await booking.previewCancellation({ reservationId: r.id })))}>
            Cancel…
          </button>
        )}
        {preview && (
          <div role="alertdialog" aria-label={`Cancel reservation of ${r.guestName}`}>
            <p className="small">Penalty {formatMoney(preview.penalty)}. {preview.policyDescription}</p>
            <button
              type="button"
              className="danger small"
              onClick={() =>
                void submit.run(async () => {
                  await booking.cancelReservation({ reservationId: r.id, idempotencyKey: newIdempotencyKey() });
                  setPreview(undefined);
                  onDone();
                })
              }
            >
              Confirm cancellation
            </button>
            <button type="button" className="secondary small" onClick={() => setPreview(undefined)}>
              Keep
            </button>
          </div>
        )}
        <ErrorBanner error={submit.error} />
      </td>
    </tr>
  );
}
