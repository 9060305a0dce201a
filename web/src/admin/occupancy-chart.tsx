import type { Hotel, RoomType } from '../../../src/gen/hotel/v1/hotel_pb.js';
import { admin } from '../api.js';
import { addDays, todayIn } from '../lib/dates.js';
import { formatNight } from '../lib/format.js';
import { occupancySeries } from '../lib/occupancy.js';
import { ErrorBanner, Loading, useAsync } from '../ui.js';

const DAYS = 30;

/** Bars of reserved / total rooms for the next 30 nights, hotel time; a table for screen readers. */
export function OccupancyChart({ hotel, roomTypes }: { hotel: Hotel; roomTypes: RoomType[] }) {
  const from = todayIn(hotel.timeZone);
  const to = addDays(from, DAYS);
  const [series] = useAsync(async () => {
    const lists = await Promise.all(roomTypes.map(async (rt) => (await admin.getInventory({ hotelId: hotel.id, roomTypeId: rt.id, from, to })).nights));
    return occupancySeries(lists, from, to);
  }, [hotel.id, from, roomTypes.map((r) => r.id).join()]);
  if (series.state === 'loading') return <Loading what="occupancy" />;
  if (series.state === 'error') return <ErrorBanner error={series.error} />;
  const points = series.value;
  const width = 600;
  const height = 120;
  const bar = width / DAYS;
  const average = points.reduce((s, p) => s + p.ratio, 0) / Math.max(points.length, 1);
  return (
    <figure className="chart">
      {/* Stretched to the card's width; the labels are HTML so they are not stretched with it. */}
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="occupancy-caption" preserveAspectRatio="none">
        <line x1="0" y1={height} x2={width} y2={height} className="axis" />
        <line x1="0" y1="0" x2={width} y2="0" className="gridline" />
        {points.map((p, i) => {
          const h = Math.min(p.ratio, 1) * height;
          return (
            <rect key={p.date} x={i * bar + 1} y={height - h} width={bar - 2} height={h} className={p.ratio >= 0.9 ? 'bar bar--high' : 'bar'}>
              <title>
                {formatNight(p.date)}: {p.reserved} of {p.total} rooms ({Math.round(p.ratio * 100)}%)
              </title>
            </rect>
          );
        })}
      </svg>
      <div className="chart-axis" aria-hidden="true">
        <span>{formatNight(from)}</span>
        <span>{formatNight(addDays(to, -1))}</span>
      </div>
      <figcaption id="occupancy-caption">
        Occupancy, next {DAYS} nights: average {Math.round(average * 100)}%, peak {Math.round(Math.max(0, ...points.map((p) => p.ratio)) * 100)}%
      </figcaption>
    </figure>
  );
}
