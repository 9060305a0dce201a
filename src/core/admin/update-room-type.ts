import { catalogEvent } from '../events/domain-event.js';
import type { RoomType, RoomTypeChange } from '../hotel/room-type.js';
import { notFound, Violations, type InvalidArgument, type NotFound } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import type { Clock } from '../../ports/clock.js';
import type { IdGenerator } from '../../ports/id-generator.js';
import type { UnitOfWork } from '../../ports/unit-of-work.js';

/**
 * Changes any subset of a room type's editable fields, validated like a new room type. A deleted
 * room type, or one of a deleted hotel, cannot be changed (NOT_FOUND). Reservations already made
 * keep their guests even if `max_guests` goes down: they were valid when booked.
 */
export class UpdateRoomType {
  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly clock: Clock; readonly ids: IdGenerator }) {}

  async execute(hotelId: string, roomTypeId: string, change: RoomTypeChange): Promise<Result<RoomType, InvalidArgument | NotFound>> {
    const v = new Violations();
    v.require(hotelId.length > 0, 'hotel_id', 'is required');
    v.require(roomTypeId.length > 0, 'room_type_id', 'is required');
    if (!v.isEmpty) return err(v.toError());
    return this.deps.uow.run(hotelId, async (tx): Promise<Result<RoomType, InvalidArgument | NotFound>> => {
      const hotel = await tx.hotels.get(hotelId);
      if (!hotel?.isActive) return err(notFound('hotel', hotelId));
      const roomType = await tx.hotels.getRoomTypeForUpdate(hotel.id, roomTypeId);
      if (!roomType?.active) return err(notFound('room_type', roomTypeId));
      const updated = roomType.update(change);
      if (!updated.ok) return updated;
      await tx.hotels.updateRoomType(updated.value);
      const event = catalogEvent(this.deps.ids.eventId(), 'room_type.updated', { hotelId: hotel.id, roomTypeId: roomType.id }, this.deps.clock.now());
      await tx.outbox.append([event]);
      return ok(updated.value);
    });
  }
}
