import { describe, expect, it } from 'vitest';
import { METHOD_CLASS_TABLE, methodClass } from '../../../src/adapters/rpc/rate-limit.js';
import { AdminService } from '../../../src/gen/hotel/v1/admin_service_pb.js';
import { BookingService } from '../../../src/gen/hotel/v1/booking_service_pb.js';
import { NotificationAdminService } from '../../../src/gen/hotel/v1/notification_service_pb.js';
import { PartnerService } from '../../../src/gen/hotel/v1/partner_service_pb.js';
import { RateService } from '../../../src/gen/hotel/v1/rate_service_pb.js';
import { SearchService } from '../../../src/gen/hotel/v1/search_service_pb.js';

const services = [AdminService, BookingService, NotificationAdminService, PartnerService, RateService, SearchService];

describe('method classes of the rate limit', () => {
  it('names only services and methods that exist (a renamed RPC would silently fall back to other)', () => {
    for (const entry of Object.keys(METHOD_CLASS_TABLE)) {
      const [serviceName, method] = entry.split('/');
      const service = services.find((s) => s.typeName === serviceName);
      expect(service, entry).toBeDefined();
      if (method !== '*') expect(service!.methods.map((m) => m.name), entry).toContain(method);
    }
  });

  it('classifies every RPC of the API as documented in the README', () => {
    const classes: Record<string, string[]> = {};
    for (const service of services) for (const method of service.methods) (classes[methodClass(service.typeName, method.name)] ??= []).push(`${service.name}.${method.name}`);
    expect(classes['search']?.sort()).toEqual(['BookingService.QuoteStay', 'SearchService.DescribeHotel', 'SearchService.GetRateCalendar', 'SearchService.SearchAvailability']);
    expect(classes['booking']?.sort()).toEqual(['BookingService.CancelReservation', 'BookingService.CreateReservation', 'BookingService.HoldReservation', 'BookingService.ModifyReservation']);
    expect(classes['ari']?.sort()).toEqual([
      'AdminService.SetInventory',
      'PartnerService.PushAri',
      'RateService.CreateRatePlan',
      'RateService.ListRatePlans',
      'RateService.SetRatePrices',
      'RateService.SetRestrictions',
    ]);
    expect(classes['other']).toContain('BookingService.GetReservation');
    expect(classes['other']).toContain('PartnerService.StreamBookingRevisions');
  });
});
