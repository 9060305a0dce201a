import { AdminService } from '../../gen/hotel/v1/admin_service_pb.js';
import { BookingService } from '../../gen/hotel/v1/booking_service_pb.js';
import { RateService } from '../../gen/hotel/v1/rate_service_pb.js';
import { SearchService } from '../../gen/hotel/v1/search_service_pb.js';
import { NotificationAdminService } from '../../gen/hotel/v1/notification_service_pb.js';
import { AuthService } from '../../gen/hotel/v1/auth_service_pb.js';
import { PartnerService } from '../../gen/hotel/v1/partner_service_pb.js';

/** Fully-qualified names of our API services, as grpc.health.v1 clients ask for them. */
export const API_SERVICE_NAMES: readonly string[] = [AdminService, BookingService, SearchService, RateService, PartnerService, NotificationAdminService, AuthService].map((s) => s.typeName);
