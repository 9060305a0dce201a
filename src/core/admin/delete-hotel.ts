import { catalogEvent } from '../events/domain-event.js';
import type { Hotel } from '../hotel/hotel.js';
import { invalidArgument, notFound, type HasFutureReservations, type InvalidArgument, type NotFound } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { dateInZone } from '../time/time-zone.js';
import type { Clock } from '../../ports/clock.js';
import type { IdGenerator } from '../../ports/id-generator.js';
import type { UnitOfWork } from '../../ports/unit-of-work.js';

/**
 * Deletes a hotel by deactivating it: gone from search and booking at once, kept with its room
 * types and reservations for history. Refused while guests are still to come or in house (live
 * reservations ending after the hotel's today), naming how many. Deleting a deleted hotel is a no-op.
 */
export class DeleteHotel {
  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly clock: Clock; readonly ids: IdGenerator }) {}

  async execute(hotelId: string): Promise<Result<Hotel, InvalidArgument | NotFound | HasFutureReservations>> {
    if (hotelId.length === 0) return err(invalidArgument([{ field: 'hotel_id', description: 'is required' }]));
    return this.deps.uow.run(hotelId, async (tx): Promise<Result<Hotel, InvalidArgument | NotFound | HasFutureReservations>> => {
      // Locked first, counted second: a booking either committed before the lock (and is counted) or waits and then sees INACTIVE.
      const hotel = await tx.hotels.getForUpdate(hotelId);
      if (!hotel) return err(notFound('hotel', hotelId));
      if (!hotel.isActive) return ok(hotel);
      const now = this.deps.clock.now();
      const count = await tx.hotelReservations.countUpcoming({ hotelId: hotel.id, checkOutAfter: dateInZone(now, hotel.timeZone), now });
      if (count > 0) return err({ code: 'HAS_FUTURE_RESERVATIONS', resource: 'hotel', id: hotel.id, count });
      const deleted = hotel.deactivate();
      await tx.hotels.update(deleted);
      await tx.outbox.append([catalogEvent(this.deps.ids.eventId(), 'hotel.updated', { hotelId: hotel.id, roomTypeId: null }, now)]);
      return ok(deleted);
    });
  }
}
