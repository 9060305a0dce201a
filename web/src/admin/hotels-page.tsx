import { useState, type FormEvent } from 'react';
import { HotelStatus } from '../../../src/gen/hotel/v1/hotel_pb.js';
import { admin } from '../api.js';
import { fieldError, unplacedViolations } from '../lib/errors.js';
import { href, navigate } from '../router.js';
import { Empty, ErrorBanner, Field, Loading, useAsync, useSubmit } from '../ui.js';

/** Every hotel, and the form that creates one. */
export function HotelsPage() {
  const [hotels] = useAsync(async () => (await admin.listHotels({ includeInactive: true, pageSize: 100 })).hotels, []);
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">Hotel admin</h1>
      <div className="columns">
        <div>
          <h2>Hotels</h2>
          {hotels.state === 'loading' && <Loading what="hotels" />}
          {hotels.state === 'error' && <ErrorBanner error={hotels.error} />}
          {hotels.state === 'ready' && hotels.value.length === 0 && <Empty>No hotel yet: create the first one.</Empty>}
          {hotels.state === 'ready' && (
            <ul className="plain">
              {hotels.value.map((h) => (
                <li key={h.id}>
                  <a href={href(`/admin/hotels/${h.id}`)}>{h.name}</a> <span className="muted">{h.city}</span>
                  {h.status === HotelStatus.INACTIVE && <span className="badge">inactive</span>}
                </li>
              ))}
            </ul>
          )}
        </div>
        <CreateHotel />
      </div>
    </section>
  );
}

const HOTEL_FIELDS = ['name', 'city', 'country_code', 'latitude', 'longitude', 'time_zone', 'currency_code', 'amenities'];

function CreateHotel() {
  const [form, setForm] = useState({ name: '', city: '', countryCode: '', latitude: '', longitude: '', timeZone: 'Europe/Paris', currencyCode: 'EUR', amenities: '' });
  const submit = useSubmit();
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => {
      const { hotel } = await admin.createHotel({
        name: form.name,
        city: form.city,
        countryCode: form.countryCode.toUpperCase(),
        latitude: Number(form.latitude),
        longitude: Number(form.longitude),
        timeZone: form.timeZone,
        currencyCode: form.currencyCode.toUpperCase(),
        amenities: splitList(form.amenities),
      });
      navigate(`/admin/hotels/${hotel?.id ?? ''}`);
    });
  };
  const e = submit.error;
  return (
    <form className="card" onSubmit={onSubmit} noValidate aria-labelledby="create-hotel-title">
      <h2 id="create-hotel-title">New hotel</h2>
      <Field label="Name" name="name" value={form.name} onChange={set('name')} error={fieldError(e, 'name')} />
      <div className="row">
        <Field label="City" name="city" value={form.city} onChange={set('city')} error={fieldError(e, 'city')} />
        <Field label="Country code" name="country_code" value={form.countryCode} onChange={set('countryCode')} error={fieldError(e, 'country_code')} maxLength={2} />
      </div>
      <div className="row">
        <Field label="Latitude" name="latitude" inputMode="decimal" value={form.latitude} onChange={set('latitude')} error={fieldError(e, 'latitude')} />
        <Field label="Longitude" name="longitude" inputMode="decimal" value={form.longitude} onChange={set('longitude')} error={fieldError(e, 'longitude')} />
      </div>
      <div className="row">
        <Field label="Time zone" name="time_zone" value={form.timeZone} onChange={set('timeZone')} error={fieldError(e, 'time_zone')} />
        <Field label="Currency" name="currency_code" value={form.currencyCode} onChange={set('currencyCode')} error={fieldError(e, 'currency_code')} maxLength={3} />
      </div>
      <Field label="Amenities" name="amenities" hint="comma separated, e.g. wifi, pool" value={form.amenities} onChange={set('amenities')} error={fieldError(e, 'amenities')} />
      <ErrorBanner error={e} extra={unplacedViolations(e, HOTEL_FIELDS)} />
      <button type="submit" disabled={submit.busy}>
        {submit.busy ? 'Creating…' : 'Create hotel'}
      </button>
    </form>
  );
}

export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}
