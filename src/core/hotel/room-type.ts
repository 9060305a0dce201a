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
  /** False once deleted by the hotel: kept for the history of its reservations, never sold. */
  readonly active: boolean;
}

export type NewRoomType = Omit<RoomTypeProps, 'id' | 'active'>;

/** What an administrator may change; absent fields stay as they are. */
export type RoomTypeChange = Partial<Pick<NewRoomType, 'name' | 'maxGuests' | 'amenities'>>;

export const MAX_GUESTS_PER_ROOM = 20;

export class RoomType {
  private constructor(private readonly props: RoomTypeProps) {}

  static create(id: string, input: NewRoomType): Result<RoomType, InvalidArgument> {
    const checked = checkRoomType(input);
    return checked.ok ? ok(new RoomType({ ...checked.value, id, active: true })) : checked;
  }

  /** The room type with `change` applied, validated like a new one. */
  update(change: RoomTypeChange): Result<RoomType, InvalidArgument> {
    const { id, active, ...current } = this.props;
    const checked = checkRoomType({ ...current, ...change });
    return checked.ok ? ok(new RoomType({ ...checked.value, id, active })) : checked;
  }

  /** Deleted by the hotel: off sale at once, kept for history. */
  deactivate(): RoomType {
    return new RoomType({ ...this.props, active: false });
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
  get active(): boolean {
    return this.props.active;
  }

  sleeps(guests: number): boolean {
    return guests <= this.props.maxGuests;
  }

  toProps(): RoomTypeProps {
    return this.props;
  }
}

function checkRoomType(input: NewRoomType): Result<NewRoomType, InvalidArgument> {
  const v = new Violations();
  const name = input.name.trim();
  v.require(name.length >= 1 && name.length <= 200, 'name', 'must be 1-200 characters');
  v.require(
    Number.isInteger(input.maxGuests) && input.maxGuests >= 1 && input.maxGuests <= MAX_GUESTS_PER_ROOM,
    'max_guests',
    `must be from 1 to ${MAX_GUESTS_PER_ROOM}`,
  );
  const amenities = checkAmenities(input.amenities, 'amenities', v, 'room');
  if (!v.isEmpty) return err(v.toError());
  return ok({ hotelId: input.hotelId, maxGuests: input.maxGuests, name, amenities });
}
