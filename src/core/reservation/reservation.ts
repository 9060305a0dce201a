import type { Money } from '../money/money.js';
import type { PriceBreakdown } from '../rates/pricing.js';
import type { CancellationPolicy } from '../rates/rate-plan.js';
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
  /** Everyone in the room: adults plus children. */
  readonly guests: number;
  readonly children: number;
  readonly guest: Guest;
  readonly status: ReservationStatus;
  /** null: the standard rate (the inventory's nightly price, taxes included). */
  readonly ratePlanId: string | null;
  /** Price of the stay night by night with taxes, locked when booked. */
  readonly price: PriceBreakdown;
  /** Cancellation terms locked when booked. */
  readonly cancellationPolicy: CancellationPolicy;
  readonly createdAt: Date;
  readonly cancelledAt: Date | undefined;
  /** What the cancellation cost, once cancelled. */
  readonly cancellationPenalty: Money | undefined;
}

/** One room of one room type for a stay. Immutable: transitions return a new reservation. */
export class Reservation {
  private constructor(private readonly props: ReservationProps) {}

  /** A reservation whose nights the caller has already reserved in inventory. */
  static confirm(props: Omit<ReservationProps, 'status' | 'cancelledAt' | 'cancellationPenalty'>): Reservation {
    return new Reservation({ ...props, status: 'CONFIRMED', cancelledAt: undefined, cancellationPenalty: undefined });
  }

  static rehydrate(props: ReservationProps): Reservation {
    return new Reservation(props);
  }

  /** CONFIRMED -> CANCELLED; anything else is an invalid transition. The caller releases the nights. */
  cancel(at: Date, penalty: Money): Result<Reservation, InvalidTransition> {
    if (this.props.status !== 'CONFIRMED') {
      return err({ code: 'INVALID_TRANSITION', resource: 'reservation', id: this.id, from: this.status, to: 'CANCELLED' });
    }
    return ok(new Reservation({ ...this.props, status: 'CANCELLED', cancelledAt: at, cancellationPenalty: penalty }));
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
  get children(): number {
    return this.props.children;
  }
  get adults(): number {
    return this.props.guests - this.props.children;
  }
  get ratePlanId(): string | null {
    return this.props.ratePlanId;
  }
  get price(): PriceBreakdown {
    return this.props.price;
  }
  /** The price of the whole stay, taxes included. */
  get totalPrice(): Money {
    return this.props.price.afterTax;
  }
  get cancellationPolicy(): CancellationPolicy {
    return this.props.cancellationPolicy;
  }
  get cancellationPenalty(): Money | undefined {
    return this.props.cancellationPenalty;
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
