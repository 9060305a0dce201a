import type { ConnectRouter } from '@connectrpc/connect';
import { AdminService } from '../../gen/hotel/v1/admin_service_pb.js';
import { BookingService } from '../../gen/hotel/v1/booking_service_pb.js';
import { RateService } from '../../gen/hotel/v1/rate_service_pb.js';
import { SearchService } from '../../gen/hotel/v1/search_service_pb.js';
import { PartnerService } from '../../gen/hotel/v1/partner_service_pb.js';
import type { GetRateCalendar } from '../../core/partner/get-rate-calendar.js';
import { pushAriHandlers, type PartnerUseCases } from './services/partner-service.js';
import { rateCalendarHandlers } from './services/rate-calendar-handlers.js';
import { bookingFeedHandlers, type BookingFeedUseCases } from './services/booking-feed-handlers.js';
import { registerHealth, type HealthRegistry } from './health.js';
import { registerReflection } from './reflection.js';
import { adminService, type AdminUseCases } from './services/admin-service.js';
import { bookingService, type BookingUseCases } from './services/booking-service.js';
import { frontDeskHandlers } from './services/front-desk-handlers.js';
import type { FrontDesk } from '../../core/booking/front-desk.js';
import { rateService, type RateUseCases } from './services/rate-service.js';
import { searchService } from './services/search-service.js';
import { NotificationAdminService } from '../../gen/hotel/v1/notification_service_pb.js';
import { notificationService, type NotificationUseCases } from './services/notification-service.js';
import type { SearchAvailability } from '../../core/search/search-availability.js';
import { AuthService } from '../../gen/hotel/v1/auth_service_pb.js';
import { authService } from './services/auth-service.js';

export type ApiUseCases = AdminUseCases &
  BookingUseCases &
  RateUseCases &
  PartnerUseCases &
  BookingFeedUseCases &
  NotificationUseCases & { readonly searchAvailability: SearchAvailability; readonly frontDesk: FrontDesk; readonly getRateCalendar: GetRateCalendar };

/** Every service on the one router: our API, grpc.health.v1 and server reflection. */
export function apiRoutes(useCases: ApiUseCases, health: HealthRegistry): (router: ConnectRouter) => void {
  return (router) => {
    router.service(AdminService, { ...adminService(useCases), ...frontDeskHandlers(useCases.frontDesk) });
    router.service(BookingService, bookingService(useCases));
    router.service(SearchService, { ...searchService(useCases), ...rateCalendarHandlers(useCases.getRateCalendar) });
    router.service(RateService, rateService(useCases));
    router.service(PartnerService, { ...pushAriHandlers(useCases), ...bookingFeedHandlers(useCases) });
    router.service(NotificationAdminService, notificationService(useCases));
    router.service(AuthService, authService(useCases.identity));
    registerHealth(router, health);
    registerReflection(router);
  };
}
