import { ProfilePage } from './account/profile-page.js';
import { RequireSignIn } from './account/require-sign-in.js';
import { SignInPage, SignUpPage } from './account/sign-in-page.js';
import { HotelAdminPage } from './admin/hotel-admin-page.js';
import { HotelsPage } from './admin/hotels-page.js';
import { HotelPage } from './guest/hotel-page.js';
import { MyReservationsPage } from './guest/my-reservations-page.js';
import { ReservationPage } from './guest/reservation-page.js';
import { SearchPage } from './guest/search-page.js';
import { signOut } from './api.js';
import { href, navigate, useRoute, type Route } from './router.js';
import { useSession } from './session.js';
import { Empty } from './ui.js';

export function App() {
  const route = useRoute();
  const isAdmin = route.path[0] === 'admin';
  const session = useSession();
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
        <nav aria-label="Account" className="account">
          {session ? (
            <>
              <a href={href('/profile')} aria-current={route.path[0] === 'profile' ? 'page' : undefined}>
                {session.name || session.email}
              </a>
              <button
                type="button"
                className="secondary small"
                onClick={() => {
                  const wasAdmin = session.role === 'admin';
                  signOut();
                  navigate(wasAdmin ? '/admin/sign-in' : '/');
                }}
              >
                Sign out
              </button>
            </>
          ) : (
            <>
              <a href={href(isAdmin ? '/admin/sign-in' : '/sign-in')} aria-current={route.path.includes('sign-in') ? 'page' : undefined}>
                Sign in
              </a>
              {!isAdmin && (
                <a href={href('/sign-up')} aria-current={route.path[0] === 'sign-up' ? 'page' : undefined}>
                  Create account
                </a>
              )}
            </>
          )}
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
  if (first === 'my') return <RequireSignIn role="guest">{(session) => <MyReservationsPage email={session.email} />}</RequireSignIn>;
  if (first === 'sign-in') return <SignInPage key={route.query.toString()} route={route} forAdmin={false} />;
  if (first === 'sign-up') return <SignUpPage key={route.query.toString()} route={route} />;
  if (first === 'profile') return <ProfilePage route={route} />;
  if (first === 'admin' && second === 'sign-in') return <SignInPage key={route.query.toString()} route={route} forAdmin />;
  if (first === 'admin' && second === 'hotels' && third)
    return <RequireSignIn role="admin">{() => <HotelAdminPage key={third} hotelId={third} tab={route.path[3] ?? ''} />}</RequireSignIn>;
  if (first === 'admin') return <RequireSignIn role="admin">{() => <HotelsPage />}</RequireSignIn>;
  return <Empty>This page does not exist. <a href={href('/')}>Search hotels</a></Empty>;
}
