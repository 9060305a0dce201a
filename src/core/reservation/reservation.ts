import type { Money } from '../money/money.js';
import type { InvalidTransition } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import type { DateRange } from '../time/date-range.js';

export type ReservationStatus = 'CONFIRMED' | 'CANCELLED';

export interface Guest {
  readonly name: string;
  readonly email: string;
}

export interface ReservationProps {
  readonly id: string;
  readonly hotelId: string;
  readonly roomTypeId: string;
  readonly stay: DateRange;
  readonly guests: number;
  readonly guest: Guest;
  readonly status: ReservationStatus;
  /** Price of the whole stay, locked when booked. */
  readonly totalPrice: Money;
  readonly createdAt: Date;
  readonly cancelledAt: Date | undefined;
}

/** One room of one room type for a stay. Immutable: transitions return a new reservation. */
export class Reservation {
  private constructor(private readonly props: ReservationProps) {}

  /** A reservation whose nights the caller has already reserved in inventory. */
  static confirm(props: Omit<ReservationProps, 'status' | 'cancelledAt'>): Reservation {
    return new Reservation({ ...props, status: 'CONFIRMED', cancelledAt: undefined });
  }

  static rehydrate(props: ReservationProps): Reservation {
    return new Reservation(props);
  }

  /** CONFIRMED -> CANCELLED; anything else is an invalid transition. The caller releases the nights. */
  cancel(at: Date): Result<Reservation, InvalidTransition> {
    if (this.props.status !== 'CONFIRMED') {
      return err({ code: 'INVALID_TRANSITION', resource: 'reservation', id: this.id, from: this.status, to: 'CANCELLED' });
    }
    return ok(new Reservation({ ...this.props, status: 'CANCELLED', cancelledAt: at }));
  }

  get id(): string {
    return this.props.id;
  }
  get hotelId(): string {
    return this.props.hotelId;
  }
  get roomTypeId(): string {
    return this.props.roomTypeId;
  }
  get stay(): DateRange {
    return this.props.stay;
  }
  get guests(): number {
    return this.props.guests;
  }
  get guest(): Guest {
    return this.props.guest;
  }
  get status(): ReservationStatus {
    return this.props.status;
  }
  get totalPrice(): Money {
    return this.props.totalPrice;
  }
  get createdAt(): Date {
    return this.props.createdAt;
  }
  get cancelledAt(): Date | undefined {
    return this.props.cancelledAt;
  }

  toProps(): ReservationProps {
    return this.props;
  }
}
