import { createClient } from '@connectrpc/connect';
import { createConnectTransport } from '@connectrpc/connect-web';
import { AdminService } from '../../src/gen/hotel/v1/admin_service_pb.js';
import { BookingService } from '../../src/gen/hotel/v1/booking_service_pb.js';
import { RateService } from '../../src/gen/hotel/v1/rate_service_pb.js';
import { SearchService } from '../../src/gen/hotel/v1/search_service_pb.js';
import { retryInterceptor } from './lib/retry.js';

// The app talks to the API only through these generated Connect clients, on its own origin
// (`npm start` serves both on one port; the Vite dev server proxies the RPC paths). Calls refused
// by the rate limit or while the server restarts are retried after the server's RetryInfo delay.
const transport = createConnectTransport({ baseUrl: window.location.origin, useBinaryFormat: false, interceptors: [retryInterceptor()] });

export const search = createClient(SearchService, transport);
export const booking = createClient(BookingService, transport);
export const admin = createClient(AdminService, transport);
export const rates = createClient(RateService, transport);

/** A fresh idempotency key: a retry of the same submission reuses it, a new submission gets another. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
