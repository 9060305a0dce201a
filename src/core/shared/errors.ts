/**
 * Expected failures of the domain, each with a stable code. The RPC adapter maps them to gRPC
 * status codes and details in one place; nothing else interprets them.
 */
export type DomainError =
  | InvalidArgument
  | NotFound
  | NoAvailability
  | IdempotencyKeyReused
  | InvalidTransition
  | InventoryBelowReserved
  | StayRestricted
  | HasFutureReservations
  | Unauthenticated
  | PermissionDenied
  | AlreadyExists
  | TooManyAttempts;

export interface FieldViolation {
  /** Field path as the client wrote it (snake_case proto field names). */
  readonly field: string;
  readonly description: string;
}

export interface InvalidArgument {
  readonly code: 'INVALID_ARGUMENT';
  readonly violations: readonly FieldViolation[];
}

export type ResourceKind = 'hotel' | 'room_type' | 'rate_plan' | 'reservation' | 'webhook' | 'account' | 'client';

export interface NotFound {
  readonly code: 'NOT_FOUND';
  readonly resource: ResourceKind;
  readonly id: string;
}

export interface NoAvailability {
  readonly code: 'NO_AVAILABILITY';
  readonly hotelId: string;
  readonly roomTypeId: string;
  /** Nights (YYYY-MM-DD) that could not be reserved: sold out or without inventory. */
  readonly nights: readonly string[];
}

export interface IdempotencyKeyReused {
  readonly code: 'IDEMPOTENCY_KEY_REUSED';
  readonly key: string;
}

export interface InvalidTransition {
  readonly code: 'INVALID_TRANSITION';
  readonly resource: ResourceKind;
  readonly id: string;
  readonly from: string;
  readonly to: string;
  /** Why, in words, when the state machine alone does not say. */
  readonly reason?: string;
}

export interface InventoryBelowReserved {
  readonly code: 'INVENTORY_BELOW_RESERVED';
  readonly nights: readonly { readonly date: string; readonly reserved: number }[];
}

/** A stay that breaks a sell rule of the hotel (not a lack of rooms). */
export interface StayRestricted {
  readonly code: 'STAY_RESTRICTED';
  readonly restriction: 'STOP_SELL' | 'CLOSED_TO_ARRIVAL' | 'CLOSED_TO_DEPARTURE' | 'MIN_STAY' | 'MAX_STAY';
  /** The night (or departure day) whose rule applies, YYYY-MM-DD. */
  readonly date: string;
  readonly detail: string;
}

/** A hotel or room type that cannot be deleted: guests are still to come (or in house). */
export interface HasFutureReservations {
  readonly code: 'HAS_FUTURE_RESERVATIONS';
  readonly resource: 'hotel' | 'room_type';
  readonly id: string;
  /** Live reservations (held, confirmed or checked in) whose stay ends after the hotel's today. */
  readonly count: number;
}

/** No valid credentials: a missing, expired, malformed or wrongly signed token, or a failed sign-in. */
export interface Unauthenticated {
  readonly code: 'UNAUTHENTICATED';
  /** Says what to do, never which part of the credentials was wrong (no account enumeration). */
  readonly reason: string;
}

/** Authenticated, but this caller may not do this (role or scope); resources of others answer NOT_FOUND. */
export interface PermissionDenied {
  readonly code: 'PERMISSION_DENIED';
  readonly reason: string;
}

export interface AlreadyExists {
  readonly code: 'ALREADY_EXISTS';
  readonly resource: 'account' | 'client';
}

/** Repeated failed sign-ins: the account is locked for a while (RetryInfo says how long). */
export interface TooManyAttempts {
  readonly code: 'TOO_MANY_ATTEMPTS';
  readonly retryAfterMs: number;
}

export const unauthenticated = (reason: string): Unauthenticated => ({ code: 'UNAUTHENTICATED', reason });
export const permissionDenied = (reason: string): PermissionDenied => ({ code: 'PERMISSION_DENIED', reason });

export const invalidArgument = (violations: readonly FieldViolation[]): InvalidArgument => ({
  code: 'INVALID_ARGUMENT',
  violations,
});

export const notFound = (resource: ResourceKind, id: string): NotFound => ({ code: 'NOT_FOUND', resource, id });

/** Collects field violations so a request reports all its bad fields at once, not the first one. */
export class Violations {
  readonly #list: FieldViolation[] = [];

  add(field: string, description: string): void {
    this.#list.push({ field, description });
  }

  /** Adds a violation unless `condition` holds; returns `condition` for chaining checks. */
  require(condition: boolean, field: string, description: string): boolean {
    if (!condition) this.add(field, description);
    return condition;
  }

  get isEmpty(): boolean {
    return this.#list.length === 0;
  }

  toError(): InvalidArgument {
    return invalidArgument([...this.#list]);
  }
}
