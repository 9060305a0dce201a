import { catalogEvent } from '../events/domain-event.js';
import { Hotel, type NewHotel } from '../hotel/hotel.js';
import type { InvalidArgument } from '../shared/errors.js';
import { ok, type Result } from '../shared/result.js';
import type { Clock } from '../../ports/clock.js';
import type { IdGenerator } from '../../ports/id-generator.js';
import type { UnitOfWork } from '../../ports/unit-of-work.js';

export class CreateHotel {
  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly ids: IdGenerator; readonly clock: Clock }) {}

  async execute(input: NewHotel): Promise<Result<Hotel, InvalidArgument>> {
    const hotel = Hotel.create(this.deps.ids.hotelId(), input);
    if (!hotel.ok) return hotel;
    return this.deps.uow.run(hotel.value.id, async (tx): Promise<Result<Hotel, InvalidArgument>> => {
      await tx.hotels.add(hotel.value);
      // In the same transaction: the search index follows the outbox.
      await tx.outbox.append([catalogEvent(this.deps.ids.eventId(), 'hotel.created', { hotelId: hotel.value.id, roomTypeId: null }, this.deps.clock.now())]);
      return ok(hotel.value);
    });
  }
}
