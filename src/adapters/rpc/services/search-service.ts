import type { GetHotel } from '../../../core/admin/get-hotel.js';
import { notFound } from '../../../core/shared/errors.js';
import type { ServiceImpl } from '@connectrpc/connect';
import type { SearchArea } from '../../../ports/hotel-search.js';
import type { SearchAvailability, SearchSort as Sort } from '../../../core/search/search-availability.js';
import { SearchSort, type SearchAvailabilityRequest, type SearchService } from '../../../gen/hotel/v1/search_service_pb.js';
import { hotelMessage, roomTypeMessage } from '../messages.js';
import { answerCodec, searchAnswer } from './search-answer.js';
import { invalidArgumentError, toConnectError } from '../domain-errors.js';
import { unwrap } from '../results.js';

export function searchService(uc: { readonly searchAvailability: SearchAvailability; readonly getHotel: GetHotel }): Omit<ServiceImpl<typeof SearchService>, 'getRateCalendar'> {
  return {
    async describeHotel(req) {
      const { hotel, roomTypes } = unwrap(await uc.getHotel.execute(req.hotelId));
      // The public page shows what is on sale: a deleted hotel is not found, deleted room types are left out.
      if (!hotel.isActive) throw toConnectError(notFound('hotel', req.hotelId));
      return { hotel: hotelMessage(hotel), roomTypes: roomTypes.filter((r) => r.active).map(roomTypeMessage) };
    },

    async searchAvailability(req, context) {
      const page = unwrap(
        await uc.searchAvailability.page({
          area: searchArea(req),
          checkIn: req.checkIn,
          checkOut: req.checkOut,
          guests: req.guests,
          amenities: req.amenities,
          text: req.query,
          pageSize: req.pageSize,
          sort: SORTS[req.sort] ?? 'default',
          pageToken: req.pageToken,
        }),
      );
      return searchAnswer(page, answerCodec(context.requestHeader.get('content-type')));
    },
  };
}

const SORTS: Record<SearchSort, Sort> = {
  [SearchSort.UNSPECIFIED]: 'default',
  [SearchSort.DISTANCE]: 'distance',
  [SearchSort.PRICE]: 'price',
  [SearchSort.NAME]: 'name',
  [SearchSort.RELEVANCE]: 'relevance',
};

function searchArea(req: SearchAvailabilityRequest): SearchArea {
  switch (req.location.case) {
    case 'city':
      return { kind: 'city', city: req.location.value };
    case 'near':
      return {
        kind: 'circle',
        center: { latitude: req.location.value.latitude, longitude: req.location.value.longitude },
        radiusKm: req.location.value.radiusKm,
      };
    default:
      throw invalidArgumentError([{ field: 'location', description: 'give either city or near' }]);
  }
}
