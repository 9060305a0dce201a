import { checkAmenities } from './amenities.js';
import { isValidGeoPoint, type GeoPoint } from './geo-point.js';
import { Money } from '../money/money.js';
import { Violations, type InvalidArgument } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { isValidTimeZone } from '../time/time-zone.js';

/** INACTIVE: deleted by its administrator; kept for the history of its reservations, never sold. */
export type HotelStatus = 'ACTIVE' | 'INACTIVE';

export interface HotelProps {
  readonly id: string;
  readonly name: string;
  readonly city: string;
  /** ISO 3166-1 alpha-2. */
  readonly countryCode: string;
  readonly location: GeoPoint;
  /** IANA zone: the hotel's nights, "today" and policies are in this zone. */
  readonly timeZone: string;
  readonly currency: string;
  readonly amenities: readonly string[];
  /** Rooms that may be sold beyond the physical count, in percent of it. */
  readonly overbookingPercent: number;
  readonly status: HotelStatus;
}

export type NewHotel = Omit<HotelProps, 'id' | 'status'>;

/**
 * What an administrator may change after creation; absent fields stay as they are. The time zone
 * and the currency are fixed: nights, prices and cancellation deadlines already sold are in them.
 */
export type HotelChange = Partial<Pick<NewHotel, 'name' | 'city' | 'countryCode' | 'location' | 'amenities' | 'overbookingPercent'>>;

export const MAX_OVERBOOKING_PERCENT = 50;

export class Hotel {
  private constructor(private readonly props: HotelProps) {}

  /** Validates a new hotel; reports every bad field. */
  static create(id: string, input: NewHotel): Result<Hotel, InvalidArgument> {
    const checked = checkHotel(input);
    return checked.ok ? ok(new Hotel({ ...checked.value, id, status: 'ACTIVE' })) : checked;
  }

  /** The hotel with `change` applied, validated like a new hotel (every bad field reported). */
  update(change: HotelChange): Result<Hotel, InvalidArgument> {
    const { id, status, ...current } = this.props;
    const checked = checkHotel({ ...current, ...change });
    return checked.ok ? ok(new Hotel({ ...checked.value, id, status })) : checked;
  }

  /** Deleted by its administrator: off sale at once, kept for history. */
  deactivate(): Hotel {
    return new Hotel({ ...this.props, status: 'INACTIVE' });
  }

  /** For adapters loading stored hotels: no validation, the data was valid when written. */
  static rehydrate(props: HotelProps): Hotel {
    return new Hotel(props);
  }

  get id(): string {
    return this.props.id;
  }
  get name(): string {
    return this.props.name;
  }
  get city(): string {
    return this.props.city;
  }
  get countryCode(): string {
    return this.props.countryCode;
  }
  get location(): GeoPoint {
    return this.props.location;
  }
  get timeZone(): string {
    return this.props.timeZone;
  }
  get currency(): string {
    return this.props.currency;
  }
  get amenities(): readonly string[] {
    return this.props.amenities;
  }
  get overbookingPercent(): number {
    return this.props.overbookingPercent;
  }
  get status(): HotelStatus {
    return this.props.status;
  }
  get isActive(): boolean {
    return this.props.status === 'ACTIVE';
  }

  toProps(): HotelProps {
    return this.props;
  }
}

function checkHotel(input: NewHotel): Result<NewHotel, InvalidArgument> {
  const v = new Violations();
  const name = input.name.trim();
  const city = input.city.trim();
  v.require(name.length >= 1 && name.length <= 200, 'name', 'must be 1-200 characters');
  v.require(city.length >= 1 && city.length <= 100, 'city', 'must be 1-100 characters');
  v.require(/^[A-Z]{2}$/.test(input.countryCode), 'country_code', 'must be an ISO 3166-1 alpha-2 code such as "FR"');
  v.require(Number.isFinite(input.location.latitude) && Math.abs(input.location.latitude) <= 90, 'latitude', 'must be between -90 and 90');
  v.require(Number.isFinite(input.location.longitude) && Math.abs(input.location.longitude) <= 180, 'longitude', 'must be between -180 and 180');
  v.require(isValidTimeZone(input.timeZone), 'time_zone', 'must be an IANA time zone such as "Europe/Paris"');
  v.require(Money.isCurrencyCode(input.currency), 'currency_code', 'must be an ISO 4217 code such as "EUR"');
  v.require(
    Number.isInteger(input.overbookingPercent) && input.overbookingPercent >= 0 && input.overbookingPercent <= MAX_OVERBOOKING_PERCENT,
    'overbooking_percent',
    `must be an integer from 0 to ${MAX_OVERBOOKING_PERCENT}`,
  );
  const amenities = checkAmenities(input.amenities, 'amenities', v);
  if (!v.isEmpty || !isValidGeoPoint(input.location)) return err(v.toError());
  return ok({ ...input, name, city, amenities });
}
