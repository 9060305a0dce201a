import { notFound, type InvalidArgument, type NotFound } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { RatePlan, type NewRatePlan } from './rate-plan.js';
import type { IdGenerator } from '../../ports/id-generator.js';
import type { UnitOfWork } from '../../ports/unit-of-work.js';

export class CreateRatePlan {
  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly ids: IdGenerator }) {}

  async execute(input: NewRatePlan): Promise<Result<RatePlan, InvalidArgument | NotFound>> {
    const plan = RatePlan.create(this.deps.ids.ratePlanId(input.hotelId), input);
    if (!plan.ok) return plan;
    return this.deps.uow.run(input.hotelId, async (tx): Promise<Result<RatePlan, InvalidArgument | NotFound>> => {
      const hotel = await tx.hotels.get(input.hotelId);
      if (!hotel?.isActive) return err(notFound('hotel', input.hotelId));
      if (!(await tx.hotels.getRoomType(hotel.id, input.roomTypeId))?.active) return err(notFound('room_type', input.roomTypeId));
      await tx.ratePlans.add(plan.value);
      return ok(plan.value);
    });
  }
}

export class ListRatePlans {
  constructor(private readonly deps: { readonly uow: UnitOfWork }) {}

  async execute(hotelId: string, roomTypeId: string): Promise<Result<RatePlan[], NotFound>> {
    return this.deps.uow.run(hotelId, async (tx): Promise<Result<RatePlan[], NotFound>> => {
      if (!(await tx.hotels.getRoomType(hotelId, roomTypeId))) return err(notFound('room_type', roomTypeId));
      return ok(await tx.ratePlans.listForRoomType(hotelId, roomTypeId));
    });
  }
}
