import { useState } from 'react';
import { admin } from '../api.js';
import { href } from '../router.js';
import { Empty, ErrorBanner, Loading, useAsync } from '../ui.js';
import { Calendar } from './calendar.js';
import { FrontDesk } from './front-desk.js';
import { HotelDetails } from './hotel-details.js';
import { OccupancyChart } from './occupancy-chart.js';
import { Reservations } from './reservations.js';

const TABS = [
  ['', 'Details'],
  ['calendar', 'Inventory & rates'],
  ['today', 'Today'],
  ['reservations', 'Reservations'],
] as const;

/** One hotel's dashboard: a tab per task; the occupancy chart stays on top. */
export function HotelAdminPage({ hotelId, tab }: { hotelId: string; tab: string }) {
  const [loaded, reload] = useAsync(() => admin.getHotel({ hotelId }), [hotelId]);
  // Inventory edits, check-ins and cancellations change occupancy: they redraw the chart.
  const [chartVersion, setChartVersion] = useState(0);
  const redraw = () => setChartVersion((v) => v + 1);
  if (loaded.state === 'loading') return <Loading what="the hotel" />;
  if (loaded.state === 'error') return <ErrorBanner error={loaded.error} />;
  const { hotel, roomTypes } = loaded.value;
  if (!hotel) return <Empty>No such hotel.</Empty>;
  const selling = roomTypes.filter((rt) => rt.active);
  return (
    <section aria-labelledby="hotel-admin-title">
      <p>
        <a href={href('/admin')}>← All hotels</a>
      </p>
      <h1 id="hotel-admin-title">{hotel.name}</h1>
      <p className="muted">
        {hotel.city}, {hotel.countryCode} · {hotel.timeZone} · {hotel.currencyCode}
      </p>
      {selling.length > 0 && <OccupancyChart key={chartVersion} hotel={hotel} roomTypes={selling} />}
      <nav className="tabs" aria-label="Hotel sections">
        {TABS.map(([id, label]) => (
          <a key={id} href={href(`/admin/hotels/${hotelId}${id ? `/${id}` : ''}`)} aria-current={tab === id ? 'page' : undefined}>
            {label}
          </a>
        ))}
      </nav>
      {tab === '' && <HotelDetails key={`${hotel.name}|${hotel.city}|${hotel.amenities.join()}`} hotel={hotel} roomTypes={roomTypes} onChange={reload} />}
      {tab === 'calendar' && <Calendar hotel={hotel} roomTypes={selling} onChange={redraw} />}
      {tab === 'today' && <FrontDesk hotel={hotel} onChange={redraw} />}
      {tab === 'reservations' && <Reservations hotel={hotel} onChange={redraw} />}
    </section>
  );
}
