import { checkAmenities } from './amenities.js';
import { Violations, type InvalidArgument } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';

export interface RoomTypeProps {
  readonly id: string;
  readonly hotelId: string;
  readonly name: string;
  /** Most guests one room of this type sleeps. */
  readonly maxGuests: number;
  readonly amenities: readonly string[];
}

export type NewRoomType = Omit<RoomTypeProps, 'id'>;

export const MAX_GUESTS_PER_ROOM = 20;

export class RoomType {
  private constructor(private readonly props: RoomTypeProps) {}

  static create(id: string, input: NewRoomType): Result<RoomType, InvalidArgument> {
    const v = new Violations();
    const name = input.name.trim();
    v.require(name.length >= 1 && name.length <= 200, 'name', 'must be 1-200 characters');
    v.require(
      Number.isInteger(input.maxGuests) && input.maxGuests >= 1 && input.maxGuests <= MAX_GUESTS_PER_ROOM,
      'max_guests',
      `must be from 1 to ${MAX_GUESTS_PER_ROOM}`,
    );
    const amenities = checkAmenities(input.amenities, 'amenities', v);
    if (!v.isEmpty) return err(v.toError());
    return ok(new RoomType({ ...input, id, name, amenities }));
  }

  static rehydrate(props: RoomTypeProps): RoomType {
    return new RoomType(props);
  }

  get id(): string {
    return this.props.id;
  }
  get hotelId(): string {
    return this.props.hotelId;
  }
  get name(): string {
    return this.props.name;
  }
  get maxGuests(): number {
    return this.props.maxGuests;
  }
  get amenities(): readonly string[] {
    return this.props.amenities;
  }

  sleeps(guests: number): boolean {
    return guests <= this.props.maxGuests;
  }

  toProps(): RoomTypeProps {
    return this.props;
  }
}
