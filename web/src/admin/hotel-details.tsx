import { useState, type FormEvent } from 'react';
import type { Hotel, RoomType } from '../../../src/gen/hotel/v1/hotel_pb.js';
import { admin } from '../api.js';
import { fieldError, unplacedViolations } from '../lib/errors.js';
import { amenityLabel } from '../lib/format.js';
import { navigate } from '../router.js';
import { Empty, ErrorBanner, Field, useSubmit } from '../ui.js';
import { splitList } from './hotels-page.js';

/** Edit or delete the hotel; create, edit and delete its room types. */
export function HotelDetails({ hotel, roomTypes, onChange }: { hotel: Hotel; roomTypes: RoomType[]; onChange: () => void }) {
  // Deleting a room type deactivates it (its reservations keep pointing at it).
  const active = roomTypes.filter((rt) => rt.active);
  const deleted = roomTypes.filter((rt) => !rt.active);
  return (
    <div className="columns">
      <EditHotel hotel={hotel} onChange={onChange} />
      <section aria-labelledby="room-types-title">
        <h2 id="room-types-title">Room types</h2>
        {active.length === 0 && <Empty>No room type yet.</Empty>}
        <ul className="plain">
          {active.map((rt) => (
            <RoomTypeRow key={rt.id} hotelId={hotel.id} roomType={rt} onChange={onChange} />
          ))}
        </ul>
        {deleted.length > 0 && (
          <details>
            <summary>Deleted room types ({deleted.length})</summary>
            <p className="small muted">Kept for the history of their reservations: {deleted.map((rt) => rt.name).join(', ')}</p>
          </details>
        )}
        <RoomTypeForm hotelId={hotel.id} onChange={onChange} />
      </section>
    </div>
  );
}

function EditHotel({ hotel, onChange }: { hotel: Hotel; onChange: () => void }) {
  const [form, setForm] = useState({ name: hotel.name, city: hotel.city, amenities: hotel.amenities.join(', ') });
  const submit = useSubmit();
  const [saved, setSaved] = useState(false);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    void submit.run(async () => {
      await admin.updateHotel({ hotelId: hotel.id, name: form.name, city: form.city, amenities: { codes: splitList(form.amenities) } });
      setSaved(true);
      onChange();
    });
  };
  const remove = () => {
    if (!window.confirm(`Delete ${hotel.name}? Guests will no longer find it.`)) return;
    void submit.run(async () => {
      await admin.deleteHotel({ hotelId: hotel.id });
      navigate('/admin');
    });
  };
  const e = submit.error;
  return (
    <form className="card" onSubmit={onSubmit} noValidate aria-labelledby="edit-hotel-title">
      <h2 id="edit-hotel-title">Hotel details</h2>
      <Field label="Name" name="name" value={form.name} error={fieldError(e, 'name')} onChange={(ev) => setForm({ ...form, name: ev.target.value })} />
      <Field label="City" name="city" value={form.city} error={fieldError(e, 'city')} onChange={(ev) => setForm({ ...form, city: ev.target.value })} />
      <Field label="Amenities" name="amenities" hint="comma separated" value={form.amenities} error={fieldError(e, 'amenities')} onChange={(ev) => setForm({ ...form, amenities: ev.target.value })} />
      <p className="muted small">
        Time zone {hotel.timeZone} · currency {hotel.currencyCode} · {hotel.location ? `${hotel.location.latitude}, ${hotel.location.longitude}` : ''}
      </p>
      <ErrorBanner error={e} extra={unplacedViolations(e, ['name', 'city', 'amenities'])} />
      {saved && <p role="status">Saved.</p>}
      <div className="actions">
        <button type="submit" disabled={submit.busy}>
          Save hotel
        </button>
        <button type="button" className="danger" onClick={remove} disabled={submit.busy}>
          Delete hotel
        </button>
      </div>
    </form>
  );
}

function RoomTypeRow({ hotelId, roomType, onChange }: { hotelId: string; roomType: RoomType; onChange: () => void }) {
  const [editing, setEditing] = useState(false);
  const submit = useSubmit();
  const remove = () => {
    if (!window.confirm(`Delete room type ${roomType.name}?`)) return;
    void submit.run(async () => {
      await admin.deleteRoomType({ hotelId, roomTypeId: roomType.id });
      onChange();
    });
  };
  if (editing) return <RoomTypeForm hotelId={hotelId} roomType={roomType} onChange={() => (setEditing(false), onChange())} />;
  return (
    <li className="room-type">
      <strong>{roomType.name}</strong> <span className="muted">up to {roomType.maxGuests} guests</span>
      {roomType.amenities.length > 0 && <div className="small">{roomType.amenities.map(amenityLabel).join(' · ')}</div>}
      <div className="actions">
        <button type="button" className="secondary small" onClick={() => setEditing(true)} aria-label={`Edit ${roomType.name}`}>
          Edit
        </button>
        <button type="button" className="danger small" onClick={remove} aria-label={`Delete ${roomType.name}`}>
          Delete
        </button>
      </div>
      <ErrorBanner error={submit.error} />
    </li>
  );
}

function RoomTypeForm({ hotelId, roomType, onChange }: { hotelId: string; roomType?: RoomType; onChange: () => void }) {
  const [form, setForm] = useState({ name: roomType?.name ?? '', maxGuests: String(roomType?.maxGuests ?? 2), amenities: roomType?.amenities.join(', ') ?? '' });
  const submit = useSubmit();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => {
      const amenities = splitList(form.amenities);
      if (roomType) {
        await admin.updateRoomType({ hotelId, roomTypeId: roomType.id, name: form.name, maxGuests: Number(form.maxGuests), amenities: { codes: amenities } });
      } else {
        await admin.createRoomType({ hotelId, name: form.name, maxGuests: Number(form.maxGuests), amenities });
        setForm({ name: '', maxGuests: '2', amenities: '' });
      }
      onChange();
    });
  };
  const e = submit.error;
  const title = roomType ? `Edit ${roomType.name}` : 'New room type';
  return (
    <form className="card" onSubmit={onSubmit} noValidate aria-label={title}>
      <h3>{title}</h3>
      <div className="row">
        <Field label="Room type name" name="name" value={form.name} error={fieldError(e, 'name')} onChange={(ev) => setForm({ ...form, name: ev.target.value })} />
        <Field label="Max guests" name="max_guests" type="number" min={1} max={20} value={form.maxGuests} error={fieldError(e, 'max_guests')} onChange={(ev) => setForm({ ...form, maxGuests: ev.target.value })} />
      </div>
      <Field label="Room amenities" name="amenities" hint="comma separated" value={form.amenities} error={fieldError(e, 'amenities')} onChange={(ev) => setForm({ ...form, amenities: ev.target.value })} />
      <ErrorBanner error={e} extra={unplacedViolations(e, ['name', 'max_guests', 'amenities'])} />
      <button type="submit" disabled={submit.busy}>
        {roomType ? 'Save room type' : 'Add room type'}
      </button>
    </form>
  );
}
