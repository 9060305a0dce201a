import { catalogEvent } from '../events/domain-event.js';
import type { RoomType } from '../hotel/room-type.js';
import { notFound, Violations, type HasFutureReservations, type InvalidArgument, type NotFound } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { dateInZone } from '../time/time-zone.js';
import type { Clock } from '../../ports/clock.js';
import type { IdGenerator } from '../../ports/id-generator.js';
import type { UnitOfWork } from '../../ports/unit-of-work.js';

/**
 * Deletes a room type by deactivating it: no longer searched, quoted or booked, kept for the history
 * of its reservations. Refused while it has live reservations ending after the hotel's today,
 * naming how many. Deleting a deleted room type is a no-op.
 */
export class DeleteRoomType {
  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly clock: Clock; readonly ids: IdGenerator }) {}

  async execute(hotelId: string, roomTypeId: string): Promise<Result<RoomType, InvalidArgument | NotFound | HasFutureReservations>> {
    const v = new Violations();
    v.require(hotelId.length > 0, 'hotel_id', 'is required');
    v.require(roomTypeId.length > 0, 'room_type_id', 'is required');
    if (!v.isEmpty) return err(v.toError());
    return this.deps.uow.run(hotelId, async (tx): Promise<Result<RoomType, InvalidArgument | NotFound | HasFutureReservations>> => {
      const hotel = await tx.hotels.get(hotelId);
      if (!hotel) return err(notFound('hotel', hotelId));
      const roomType = await tx.hotels.getRoomTypeForUpdate(hotel.id, roomTypeId);
      if (!roomType) return err(notFound('room_type', roomTypeId));
      if (!roomType.active) return ok(roomType);
      const now = this.deps.clock.now();
      const count = await tx.hotelReservations.countUpcoming({
        hotelId: hotel.id,
        roomTypeId: roomType.id,
        checkOutAfter: dateInZone(now, hotel.timeZone),
        now,
      });
      if (count > 0) return err({ code: 'HAS_FUTURE_RESERVATIONS', resource: 'room_type', id: roomType.id, count });
      const deleted = roomType.deactivate();
      await tx.hotels.updateRoomType(deleted);
      await tx.outbox.append([catalogEvent(this.deps.ids.eventId(), 'room_type.updated', { hotelId: hotel.id, roomTypeId: roomType.id }, now)]);
      return ok(deleted);
    });
  }
}
