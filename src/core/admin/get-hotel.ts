import type { Hotel } from '../hotel/hotel.js';
import type { RoomType } from '../hotel/room-type.js';
import { invalidArgument, notFound, type InvalidArgument, type NotFound } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import type { UnitOfWork } from '../../ports/unit-of-work.js';

export interface HotelDetails {
  readonly hotel: Hotel;
  /** Inactive ones included: they still name the rooms of past stays. */
  readonly roomTypes: readonly RoomType[];
}

/** A hotel and its room types, deleted (inactive) ones too: administrators read history. */
export class GetHotel {
  constructor(private readonly deps: { readonly uow: UnitOfWork }) {}

  async execute(hotelId: string): Promise<Result<HotelDetails, InvalidArgument | NotFound>> {
    if (hotelId.length === 0) return err(invalidArgument([{ field: 'hotel_id', description: 'is required' }]));
    return this.deps.uow.run(hotelId, async (tx): Promise<Result<HotelDetails, InvalidArgument | NotFound>> => {
      const hotel = await tx.hotels.get(hotelId);
      if (!hotel) return err(notFound('hotel', hotelId));
      return ok({ hotel, roomTypes: await tx.hotels.listRoomTypes(hotel.id) });
    });
  }
}
