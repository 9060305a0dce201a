import { HotelAdminPage } from './admin/hotel-admin-page.js';
import { HotelsPage } from './admin/hotels-page.js';
import { HotelPage } from './guest/hotel-page.js';
import { MyReservationsPage } from './guest/my-reservations-page.js';
import { ReservationPage } from './guest/reservation-page.js';
import { SearchPage } from './guest/search-page.js';
import { href, useRoute, type Route } from './router.js';
import { Empty } from './ui.js';

export function App() {
  const route = useRoute();
  const isAdmin = route.path[0] === 'admin';
  return (
    <>
      {/* Not a hash link: the hash is the route. */}
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <header className="top">
        <a className="brand" href={href('/')}>
          Hotels
        </a>
        <nav aria-label="Main">
          <a href={href('/')} aria-current={route.path.length === 0 ? 'page' : undefined}>
            Search
          </a>
          <a href={href('/my')} aria-current={route.path[0] === 'my' ? 'page' : undefined}>
            My reservations
          </a>
          <a href={href('/admin')} aria-current={isAdmin ? 'page' : undefined}>
            Hotel admin
          </a>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Page route={route} />
      </main>
    </>
  );
}

function Page({ route }: { route: Route }) {
  const [first, second, third] = route.path;
  if (first === undefined) return <SearchPage key={route.query.toString()} route={route} />;
  if (first === 'hotels' && second) return <HotelPage key={`${second}?${route.query.toString()}`} hotelId={second} route={route} />;
  if (first === 'reservations' && second) return <ReservationPage key={second} reservationId={second} route={route} />;
  if (first === 'my') return <MyReservationsPage key={route.query.toString()} route={route} />;
  if (first === 'admin' && second === 'hotels' && third) return <HotelAdminPage key={third} hotelId={third} tab={route.path[3] ?? ''} />;
  if (first === 'admin') return <HotelsPage />;
  return <Empty>This page does not exist. <a href={href('/')}>Search hotels</a></Empty>;
}
