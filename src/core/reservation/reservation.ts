import type { Money } from '../money/money.js';
import type { PriceBreakdown } from '../rates/pricing.js';
import type { CancellationPolicy } from '../rates/rate-plan.js';
import type { InvalidTransition } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import type { DateRange } from '../time/date-range.js';

export type ReservationStatus = 'HELD' | 'CONFIRMED' | 'CANCELLED' | 'CHECKED_IN' | 'CHECKED_OUT' | 'NO_SHOW' | 'EXPIRED';

/**
 * The lifecycle. HELD rooms are reserved for a while and become CONFIRMED, or EXPIRED / CANCELLED
 * (released); a CONFIRMED stay is CANCELLED, or the guest arrives (CHECKED_IN, then CHECKED_OUT) or
 * does not (NO_SHOW). Nothing leaves a final state.
 */
export const TRANSITIONS: Readonly<Record<ReservationStatus, readonly ReservationStatus[]>> = {
  HELD: ['CONFIRMED', 'EXPIRED', 'CANCELLED'],
  CONFIRMED: ['CANCELLED', 'CHECKED_IN', 'NO_SHOW'],
  CHECKED_IN: ['CHECKED_OUT'],
  CANCELLED: [],
  CHECKED_OUT: [],
  NO_SHOW: [],
  EXPIRED: [],
};

/** Statuses whose nights are reserved in inventory. */
export const HOLDS_INVENTORY: ReadonlySet<ReservationStatus> = new Set(['HELD', 'CONFIRMED', 'CHECKED_IN']);

export type RevisionKind = 'HELD' | 'CONFIRMED' | 'MODIFIED' | 'CANCELLED' | 'CHECKED_IN' | 'CHECKED_OUT' | 'NO_SHOW' | 'EXPIRED';

/** One change of a reservation: numbered from 1, in order, never rewritten. */
export interface Revision {
  readonly number: number;
  readonly at: Date;
  /** Who made the change: a caller id, or "system" for the hold sweeper. */
  readonly actor: string;
  readonly kind: RevisionKind;
  /** What changed, in words. */
  readonly note: string;
}

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
  /** Price of the stay night by night with taxes, locked when booked or held. */
  readonly price: PriceBreakdown;
  /** Cancellation terms locked when booked or held. */
  readonly cancellationPolicy: CancellationPolicy;
  readonly createdAt: Date;
  /** For HELD reservations: when the hold lapses. */
  readonly holdExpiresAt: Date | undefined;
  readonly cancelledAt: Date | undefined;
  /** What the cancellation cost, once cancelled. */
  readonly cancellationPenalty: Money | undefined;
  readonly revisions: readonly Revision[];
}

export type NewReservation = Omit<ReservationProps, 'status' | 'cancelledAt' | 'cancellationPenalty' | 'revisions' | 'holdExpiresAt'>;

/** What a modification may change; the caller has already moved the inventory. */
export type ReservationChange = Pick<ReservationProps, 'roomTypeId' | 'stay' | 'guests' | 'children' | 'ratePlanId' | 'price' | 'cancellationPolicy'>;

/** One room of one room type for a stay. Immutable: every change returns a new reservation with one more revision. */
export class Reservation {
  private constructor(private readonly props: ReservationProps) {}

  /** A confirmed reservation whose nights the caller has already reserved. */
  static confirm(props: NewReservation, actor = 'system'): Reservation {
    return new Reservation({
      ...props,
      status: 'CONFIRMED',
      holdExpiresAt: undefined,
      cancelledAt: undefined,
      cancellationPenalty: undefined,
      revisions: [{ number: 1, at: props.createdAt, actor, kind: 'CONFIRMED', note: `booked ${props.stay.toString()}` }],
    });
  }

  /** A hold on nights the caller has already reserved, lapsing at `expiresAt`. */
  static hold(props: NewReservation, expiresAt: Date, actor = 'system'): Reservation {
    return new Reservation({
      ...props,
      status: 'HELD',
      holdExpiresAt: expiresAt,
      cancelledAt: undefined,
      cancellationPenalty: undefined,
      revisions: [{ number: 1, at: props.createdAt, actor, kind: 'HELD', note: `held ${props.stay.toString()} until ${expiresAt.toISOString()}` }],
    });
  }

  static rehydrate(props: ReservationProps): Reservation {
    return new Reservation(props);
  }

  /** HELD -> CONFIRMED, at the price locked by the hold; refused once the hold has lapsed. */
  confirmHold(at: Date, actor: string): Result<Reservation, InvalidTransition> {
    if (this.props.status === 'HELD' && this.props.holdExpiresAt && at >= this.props.holdExpiresAt) {
      return this.refuse('CONFIRMED', 'the hold has expired');
    }
    return this.move('CONFIRMED', at, actor, 'hold confirmed', { holdExpiresAt: undefined });
  }

  /** CONFIRMED or HELD -> CANCELLED with the penalty due. The caller releases the nights. */
  cancel(at: Date, penalty: Money, actor = 'system'): Result<Reservation, InvalidTransition> {
    return this.move('CANCELLED', at, actor, `cancelled, penalty ${penalty.amountMinor} ${penalty.currency}`, {
      cancelledAt: at,
      cancellationPenalty: penalty,
      holdExpiresAt: undefined,
    });
  }

  /** HELD -> EXPIRED once the hold has lapsed. The caller releases the nights. */
  expire(at: Date): Result<Reservation, InvalidTransition> {
    if (this.props.holdExpiresAt && at < this.props.holdExpiresAt) return this.refuse('EXPIRED', 'the hold has not lapsed yet');
    return this.move('EXPIRED', at, 'system', 'hold lapsed', { holdExpiresAt: undefined });
  }

  /** CONFIRMED -> CHECKED_IN, from the arrival day (hotel's today) until the departure day. */
  checkIn(at: Date, hotelToday: DateRange['checkIn'], actor: string): Result<Reservation, InvalidTransition> {
    if (hotelToday.isBefore(this.props.stay.checkIn)) return this.refuse('CHECKED_IN', `arrival is ${this.props.stay.checkIn.toString()}`);
    if (!hotelToday.isBefore(this.props.stay.checkOut)) return this.refuse('CHECKED_IN', 'the stay is over');
    return this.move('CHECKED_IN', at, actor, 'guest arrived', {});
  }

  /** CHECKED_IN -> CHECKED_OUT. The nights stay counted: they were used. */
  checkOut(at: Date, actor: string): Result<Reservation, InvalidTransition> {
    return this.move('CHECKED_OUT', at, actor, 'guest left', {});
  }

  /** CONFIRMED -> NO_SHOW, from the arrival day on. The caller releases the nights not yet passed. */
  markNoShow(at: Date, hotelToday: DateRange['checkIn'], actor: string): Result<Reservation, InvalidTransition> {
    if (hotelToday.isBefore(this.props.stay.checkIn)) return this.refuse('NO_SHOW', `arrival is ${this.props.stay.checkIn.toString()}`);
    return this.move('NO_SHOW', at, actor, 'guest did not arrive', {});
  }

  /** A CONFIRMED reservation with new dates, room type, rate or guests. The caller has moved the inventory. */
  modify(change: ReservationChange, at: Date, actor: string): Result<Reservation, InvalidTransition> {
    if (this.props.status !== 'CONFIRMED') return this.refuse('CONFIRMED', 'only confirmed reservations can be modified');
    const note = describeChange(this.props, change);
    return ok(this.with({ ...change }, { at, actor, kind: 'MODIFIED', note }));
  }

  private move(
    to: ReservationStatus,
    at: Date,
    actor: string,
    note: string,
    extra: Partial<ReservationProps>,
  ): Result<Reservation, InvalidTransition> {
    if (!TRANSITIONS[this.props.status].includes(to)) return this.refuse(to, `${this.props.status} cannot become ${to}`);
    return ok(this.with({ ...extra, status: to }, { at, actor, kind: to as RevisionKind, note }));
  }

  private with(change: Partial<ReservationProps>, revision: Omit<Revision, 'number'>): Reservation {
    const revisions = [...this.props.revisions, { ...revision, number: this.revision + 1 }];
    return new Reservation({ ...this.props, ...change, revisions });
  }

  private refuse(to: ReservationStatus, reason: string): Result<Reservation, InvalidTransition> {
    return err({ code: 'INVALID_TRANSITION', resource: 'reservation', id: this.id, from: this.status, to, reason });
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
  get children(): number {
    return this.props.children;
  }
  get adults(): number {
    return this.props.guests - this.props.children;
  }
  get guest(): Guest {
    return this.props.guest;
  }
  get status(): ReservationStatus {
    return this.props.status;
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
  get createdAt(): Date {
    return this.props.createdAt;
  }
  get holdExpiresAt(): Date | undefined {
    return this.props.holdExpiresAt;
  }
  get cancelledAt(): Date | undefined {
    return this.props.cancelledAt;
  }
  get cancellationPenalty(): Money | undefined {
    return this.props.cancellationPenalty;
  }
  get revisions(): readonly Revision[] {
    return this.props.revisions;
  }
  /** Number of the latest revision. */
  get revision(): number {
    return this.props.revisions.length;
  }

  toProps(): ReservationProps {
    return this.props;
  }
}

function describeChange(before: ReservationProps, after: ReservationChange): string {
  const parts: string[] = [];
  if (!before.stay.equals(after.stay)) parts.push(`dates ${before.stay.toString()} -> ${after.stay.toString()}`);
  if (before.roomTypeId !== after.roomTypeId) parts.push(`room type ${before.roomTypeId} -> ${after.roomTypeId}`);
  if (before.ratePlanId !== after.ratePlanId) parts.push(`rate ${before.ratePlanId ?? 'standard'} -> ${after.ratePlanId ?? 'standard'}`);
  if (before.guests !== after.guests || before.children !== after.children) {
    parts.push(`guests ${before.guests} (${before.children} children) -> ${after.guests} (${after.children} children)`);
  }
  const delta = after.price.afterTax.amountMinor - before.price.afterTax.amountMinor;
  parts.push(`price ${delta >= 0 ? '+' : ''}${delta} ${after.price.currency}`);
  return parts.join('; ');
}
