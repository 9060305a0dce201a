import { catalogEvent } from '../events/domain-event.js';
import { RoomType, type NewRoomType } from '../hotel/room-type.js';
import { notFound, type InvalidArgument, type NotFound } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import type { Clock } from '../../ports/clock.js';
import type { IdGenerator } from '../../ports/id-generator.js';
import type { UnitOfWork } from '../../ports/unit-of-work.js';

export class CreateRoomType {
  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly ids: IdGenerator; readonly clock: Clock }) {}

  async execute(input: NewRoomType): Promise<Result<RoomType, InvalidArgument | NotFound>> {
    const roomType = RoomType.create(this.deps.ids.roomTypeId(input.hotelId), input);
    if (!roomType.ok) return roomType;
    return this.deps.uow.run(input.hotelId, async (tx): Promise<Result<RoomType, InvalidArgument | NotFound>> => {
      // A deleted hotel takes no new room types: it is gone for everything but history.
      if (!(await tx.hotels.get(input.hotelId))?.isActive) return err(notFound('hotel', input.hotelId));
      await tx.hotels.addRoomType(roomType.value);
      const change = { hotelId: input.hotelId, roomTypeId: roomType.value.id };
      await tx.outbox.append([catalogEvent(this.deps.ids.eventId(), 'room_type.created', change, this.deps.clock.now())]);
      return ok(roomType.value);
    });
  }
}
