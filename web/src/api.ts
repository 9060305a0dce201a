import { timestampMs, type Timestamp } from '@bufbuild/protobuf/wkt';
import { Code, ConnectError, createClient, type Interceptor } from '@connectrpc/connect';
import { createConnectTransport } from '@connectrpc/connect-web';
import { AdminService } from '../../src/gen/hotel/v1/admin_service_pb.js';
import { AuthService, type Profile, type Tokens } from '../../src/gen/hotel/v1/auth_service_pb.js';
import { BookingService } from '../../src/gen/hotel/v1/booking_service_pb.js';
import { RateService } from '../../src/gen/hotel/v1/rate_service_pb.js';
import { SearchService } from '../../src/gen/hotel/v1/search_service_pb.js';
import { retryInterceptor } from './lib/retry.js';
import { signInPath } from './lib/routes.js';
import { navigate } from './router.js';
import { getSession, setSession, updateTokens, type Session } from './session.js';

// The app talks to the API only through these generated Connect clients, on its own origin
// (`npm start` serves both on one port; the Vite dev server proxies the RPC paths).

/** Refresh this long before the access token expires, so a call never leaves with a stale one. */
const REFRESH_MARGIN_MS = 30_000;
/** RPCs that take no token: sending a stale one would only get them refused. */
const ANONYMOUS_AUTH = new Set(['SignIn', 'SignUp', 'RefreshToken']);

// Refreshes go through a transport without the interceptor below (no recursion).
const plainTransport = createConnectTransport({ baseUrl: window.location.origin, useBinaryFormat: false });
const tokenClient = createClient(AuthService, plainTransport);

let refreshing: Promise<Session | undefined> | undefined;

/**
 * One refresh at a time, shared by every call waiting on it. A refused refresh (the refresh token
 * expired, was rotated away or the account deleted) ends the session and sends the user to the
 * sign-in page with the route they were on, to come back to after signing in.
 */
function refresh(stale: Session): Promise<Session | undefined> {
  refreshing ??= (async () => {
    try {
      const { tokens } = await tokenClient.refreshToken({ refreshToken: stale.refreshToken });
      if (!tokens) throw new ConnectError('no tokens in the refresh answer', Code.Unauthenticated);
      if (getSession()?.refreshToken === stale.refreshToken) updateTokens(tokenFields(tokens));
      return getSession();
    } catch (error) {
      const code = ConnectError.from(error).code;
      // A network hiccup is not a refusal: keep the session, the call fails with its own error.
      if (code === Code.Unavailable || code === Code.Unknown || code === Code.DeadlineExceeded) return getSession();
      sessionExpired(stale.role);
      return undefined;
    } finally {
      refreshing = undefined;
    }
  })();
  return refreshing;
}

function sessionExpired(role: string): void {
  setSession(undefined);
  const back = window.location.hash.replace(/^#/, '') || '/';
  if (!back.startsWith('/sign-in') && !back.startsWith('/admin/sign-in')) navigate(signInPath(role === 'admin' || back.startsWith('/admin')), { next: back, expired: '1' });
}

/**
 * `authorization: Bearer <access token>` on every call of a signed-in user; the token is refreshed
 * shortly before it expires, and once more (then the call retried) when the server answers
 * UNAUTHENTICATED anyway (keys rotated, clock skew).
 */
export const authInterceptor: Interceptor = (next) => async (req) => {
  if (req.service.typeName === AuthService.typeName && ANONYMOUS_AUTH.has(req.method.name)) return next(req);
  let session = getSession();
  if (session && session.accessExpiresAt - Date.now() < REFRESH_MARGIN_MS) session = await refresh(session);
  if (session) req.header.set('authorization', `Bearer ${session.accessToken}`);
  try {
    return await next(req);
  } catch (error) {
    const sent = session;
    if (!sent || req.stream || ConnectError.from(error).code !== Code.Unauthenticated) throw error;
    const renewed = getSession() !== sent && getSession() ? getSession() : await refresh(sent);
    if (!renewed) throw error;
    req.header.set('authorization', `Bearer ${renewed.accessToken}`);
    return next(req);
  }
};

// Interceptors run outermost first: the bearer token is attached before the retry interceptor, so
// every retry carries it. Calls refused by the rate limit or while the server restarts are retried
// after the server's RetryInfo delay plus jittered exponential back-off (lib/retry.ts).
const transport = createConnectTransport({ baseUrl: window.location.origin, useBinaryFormat: false, interceptors: [authInterceptor, retryInterceptor()] });

export const search = createClient(SearchService, transport);
export const booking = createClient(BookingService, transport);
export const admin = createClient(AdminService, transport);
export const rates = createClient(RateService, transport);
export const auth = createClient(AuthService, transport);

function tokenFields(tokens: Tokens): Pick<Session, 'accessToken' | 'accessExpiresAt' | 'refreshToken'> {
  return { accessToken: tokens.accessToken, accessExpiresAt: ms(tokens.accessExpiresAt), refreshToken: tokens.refreshToken };
}

function ms(timestamp: Timestamp | undefined): number {
  return timestamp ? timestampMs(timestamp) : Date.now() + 60_000;
}

/** Starts a session from a SignIn or SignUp answer. */
export function startSession(profile: Profile | undefined, tokens: Tokens | undefined): Session {
  if (!profile || !tokens) throw new ConnectError('the server sent no session', Code.Internal);
  const session: Session = { ...tokenFields(tokens), role: profile.role, email: profile.email, name: profile.name };
  setSession(session);
  return session;
}

/** Keeps the header's name and email in step with a profile change. */
export function profileChanged(profile: Profile | undefined): void {
  const session = getSession();
  if (session && profile) setSession({ ...session, role: profile.role, email: profile.email, name: profile.name });
}

export function signOut(): void {
  setSession(undefined);
}

/** A fresh idempotency key: a retry of the same submission reuses it, a new submission gets another. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
