import { useEffect, useState, type FormEvent } from 'react';
import { SearchSort, type HotelAvailability } from '../../../src/gen/hotel/v1/search_service_pb.js';
import { search } from '../api.js';
import { addDays, nightsBetween } from '../lib/dates.js';
import { fieldError, unplacedViolations, type DecodedError } from '../lib/errors.js';
import { amenityLabel, formatDistance, formatMoney, plural } from '../lib/format.js';
import { href, navigate, type Route } from '../router.js';
import { Empty, ErrorBanner, Field, Loading, SelectField, useAsync, useSubmit } from '../ui.js';

export const AMENITIES = ['wifi', 'breakfast', 'parking', 'pool', 'gym', 'spa', 'bar', 'restaurant', 'pet_friendly', 'air_conditioning'];

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Search form and results; the criteria live in the URL so results can be shared and reloaded. */
export function SearchPage({ route }: { route: Route }) {
  const q = route.query;
  const mode = q.get('lat') ? 'point' : 'city';
  const [form, setForm] = useState({
    mode,
    city: q.get('city') ?? '',
    lat: q.get('lat') ?? '',
    lon: q.get('lon') ?? '',
    radius: q.get('radius') ?? '10',
    checkIn: q.get('checkIn') ?? addDays(today(), 14),
    checkOut: q.get('checkOut') ?? addDays(today(), 16),
    guests: q.get('guests') ?? '2',
    amenities: (q.get('amenities') ?? '').split(',').filter(Boolean),
    sort: q.get('sort') ?? '',
  });
  const submitted = q.get('city') || q.get('lat');
  // The server validates the criteria; its violations are shown next to the fields of this form.
  const [failure, setFailure] = useState<DecodedError | undefined>();
  const e = failure;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    navigate('/', {
      ...(form.mode === 'city' ? { city: form.city } : { lat: form.lat, lon: form.lon, radius: form.radius }),
      checkIn: form.checkIn,
      checkOut: form.checkOut,
      guests: form.guests,
      amenities: form.amenities.join(','),
      sort: form.sort,
    });
  };
  const toggle = (code: string) =>
    setForm((f) => ({ ...f, amenities: f.amenities.includes(code) ? f.amenities.filter((a) => a !== code) : [...f.amenities, code] }));

  return (
    <section aria-labelledby="search-title">
      <h1 id="search-title">Find a hotel</h1>
      <form className="card search-form" onSubmit={onSubmit} noValidate aria-label="Search hotels">
        <fieldset className="inline">
          <legend>Where</legend>
          <label className="radio">
            <input type="radio" name="mode" checked={form.mode === 'city'} onChange={() => setForm({ ...form, mode: 'city' })} /> By city
          </label>
          <label className="radio">
            <input type="radio" name="mode" checked={form.mode === 'point'} onChange={() => setForm({ ...form, mode: 'point' })} /> Near a map point
          </label>
        </fieldset>
        {form.mode === 'city' ? (
          <Field label="City" name="city" value={form.city} error={fieldError(e, 'city')} autoComplete="address-level2" onChange={(e) => setForm({ ...form, city: e.target.value })} />
        ) : (
          <div className="row">
            <Field label="Latitude" name="lat" inputMode="decimal" value={form.lat} error={fieldError(e, 'near.latitude')} onChange={(e) => setForm({ ...form, lat: e.target.value })} />
            <Field label="Longitude" name="lon" inputMode="decimal" value={form.lon} error={fieldError(e, 'near.longitude')} onChange={(e) => setForm({ ...form, lon: e.target.value })} />
            <Field label="Radius (km)" name="radius" inputMode="decimal" value={form.radius} error={fieldError(e, 'near.radius_km')} onChange={(e) => setForm({ ...form, radius: e.target.value })} />
            <button type="button" className="secondary" onClick={() => locate((lat, lon) => setForm((f) => ({ ...f, lat, lon })))}>
              Use my location
            </button>
          </div>
        )}
        <div className="row">
          <Field label="Check-in" name="checkIn" type="date" value={form.checkIn} error={fieldError(e, 'check_in')} onChange={(e) => setForm({ ...form, checkIn: e.target.value })} />
          <Field label="Check-out" name="checkOut" type="date" value={form.checkOut} error={fieldError(e, 'check_out')} onChange={(e) => setForm({ ...form, checkOut: e.target.value })} />
          <Field label="Guests" name="guests" type="number" min={1} max={20} value={form.guests} error={fieldError(e, 'guests')} onChange={(e) => setForm({ ...form, guests: e.target.value })} />
          <SelectField label="Sort by" name="sort" value={form.sort} error={fieldError(e, 'sort')} onChange={(e) => setForm({ ...form, sort: e.target.value })}>
            <option value="">Best match</option>
            <option value="distance">Distance (map point)</option>
            <option value="price">Price</option>
            <option value="name">Name</option>
          </SelectField>
        </div>
        <fieldset className="amenities">
          <legend>Amenities</legend>
          {AMENITIES.map((code) => (
            <label key={code} className="chip">
              <input type="checkbox" checked={form.amenities.includes(code)} onChange={() => toggle(code)} /> {amenityLabel(code)}
            </label>
          ))}
        </fieldset>
        <button type="submit">Search</button>
      </form>
      {submitted ? <Results route={route} onFailure={setFailure} /> : <Empty>Choose a city (try Paris, London or Tokyo) or a map point and your dates.</Empty>}
    </section>
  );
}

function locate(done: (lat: string, lon: string) => void): void {
  navigator.geolocation?.getCurrentPosition((position) => done(position.coords.latitude.toFixed(4), position.coords.longitude.toFixed(4)));
}

const SORTS: Record<string, SearchSort> = {
  '': SearchSort.UNSPECIFIED, distance: SearchSort.DISTANCE, price: SearchSort.PRICE, name: SearchSort.NAME };

const PLACED = ['city', 'near', 'check_in', 'check_out', 'guests', 'sort'];

function Results({ route, onFailure }: { route: Route; onFailure: (error: DecodedError | undefined) => void }) {
  const q = route.query;
  const checkIn = q.get('checkIn') ?? '';
  const checkOut = q.get('checkOut') ?? '';
  const guests = Number(q.get('guests') ?? '2');
  const [pages, setPages] = useState<HotelAvailability[][]>([]);
  const [token, setToken] = useState('');
  const request = () => ({
    location: q.get('lat')
      ? { case: 'near' as const, value: { latitude: Number(q.get('lat')), longitude: Number(q.get('lon')), radiusKm: Number(q.get('radius') ?? '10') } }
      : { case: 'city' as const, value: q.get('city') ?? '' },
    checkIn,
    checkOut,
    guests: Number.isFinite(guests) ? guests : 0,
    amenities: (q.get('amenities') ?? '').split(',').filter(Boolean),
    sort: SORTS[q.get('sort') ?? ''] ?? SearchSort.UNSPECIFIED,
    pageSize: 20,
  });
  const [first] = useAsync(async () => {
    const response = await search.searchAvailability(request());
    setPages([]);
    setToken(response.nextPageToken);
    return response.hotels;
  }, [q.toString()]);
  const failed = first.state === 'error' ? first.error : undefined;
  useEffect(() => onFailure(failed), [failed, onFailure]);
  const loadingMore = useSubmit();
  const more = () =>
    void loadingMore.run(async () => {
      const response = await search.searchAvailability({ ...request(), pageToken: token });
      setPages((p) => [...p, response.hotels]);
      setToken(response.nextPageToken);
    });

  if (first.state === 'loading') return <Loading what="hotels" />;
  if (first.state === 'error') return <ErrorBanner error={first.error} extra={unplacedViolations(first.error, PLACED)} />;
  const hotels = [...first.value, ...pages.flat()];
  // Distance is measured from the map point; a city search has no point of its own to measure from.
  const nearPoint = q.get('lat') !== null;
  const stay = nightsBetween(checkIn, checkOut);
  if (hotels.length === 0) return <Empty>No hotel has a room for {plural(guests, 'guest')} on these dates. Try other dates or fewer amenities.</Empty>;
  return (
    <section aria-label="Search results">
      <p className="muted">
        {plural(hotels.length, 'hotel')} for {plural(stay, 'night')}, {plural(guests, 'guest')}
      </p>
      <ul className="results">
        {hotels.map(({ hotel, distanceKm, roomTypes }) => {
          if (!hotel) return null;
          const cheapest = roomTypes.map((r) => r.totalPrice).filter((p) => p !== undefined).sort((a, b) => (a.amountMinor < b.amountMinor ? -1 : 1))[0];
          return (
            <li key={hotel.id} className="card result">
              <h2>
                <a href={href(`/hotels/${hotel.id}`, { checkIn, checkOut, guests })}>{hotel.name}</a>
              </h2>
              <p className="muted">
                {hotel.city}, {hotel.countryCode}
                {nearPoint && ` · ${formatDistance(distanceKm)} away`}
              </p>
              <p className="price">
                from <strong>{formatMoney(cheapest)}</strong> <span className="muted">for {plural(stay, 'night')}</span>
              </p>
              <p className="muted small">{roomTypes.map((r) => `${r.roomType?.name ?? ''} (${plural(r.roomsAvailable, 'room')} left)`).join(' · ')}</p>
              {hotel.amenities.length > 0 && <p className="small">{hotel.amenities.map(amenityLabel).join(' · ')}</p>}
            </li>
          );
        })}
      </ul>
      <ErrorBanner error={loadingMore.error} />
      {token && (
        <button type="button" className="secondary" onClick={more} disabled={loadingMore.busy}>
          {loadingMore.busy ? 'Loading…' : 'More hotels'}
        </button>
      )}
    </section>
  );
}
