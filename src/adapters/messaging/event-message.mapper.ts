import { isCatalogEventType, type CatalogChange, type DomainEvent, type ReservationEventType, type ReservationSnapshot } from '../../core/events/domain-event.js';

/** Bump when the body changes incompatibly; consumers can branch on the `schema_version` header. */
export const EVENT_SCHEMA_VERSION = 1;

export const HEADER = {
  hotelId: 'hotel_id',
  schemaVersion: 'schema_version',
  /** How many times this event has been handed to this consumer (1 on first delivery). */
  attempt: 'hotel_attempt',
  /** W3C trace context (https://www.w3.org/TR/trace-context/), filled in once tracing exists. */
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

export interface TraceContext {
  readonly traceparent: string;
  readonly tracestate?: string;
}

/** A broker-neutral message: what goes on the wire, without amqplib types. */
export interface EventMessage {
  readonly body: Buffer;
  readonly messageId: string;
  readonly type: string;
  /** Seconds since the epoch (AMQP `timestamp` resolution). */
  readonly timestamp: number;
  readonly contentType: 'application/json';
  readonly headers: Readonly<Record<string, string | number>>;
}

/** A message that cannot be turned back into an event: retrying will not help. */
export class MalformedEventMessage extends Error {
  override readonly name = 'MalformedEventMessage';
}

interface EventBody {
  id: string;
  type: string;
  occurredAt: string;
  hotelId: string;
  aggregateId: string;
  payload: DomainEvent['payload'];
}

export function toEventMessage(event: DomainEvent, trace?: TraceContext): EventMessage {
  const body: EventBody = {
    id: event.id,
    type: event.type,
    occurredAt: event.occurredAt.toISOString(),
    hotelId: event.hotelId,
    aggregateId: event.aggregateId,
    payload: event.payload,
  };
  const headers: Record<string, string | number> = {
    [HEADER.hotelId]: event.hotelId,
    [HEADER.schemaVersion]: EVENT_SCHEMA_VERSION,
  };
  if (trace) {
    headers[HEADER.traceparent] = trace.traceparent;
    if (trace.tracestate !== undefined) headers[HEADER.tracestate] = trace.tracestate;
  }
  return {
    body: Buffer.from(JSON.stringify(body), 'utf8'),
    messageId: event.id,
    type: event.type,
    timestamp: Math.floor(event.occurredAt.getTime() / 1000),
    contentType: 'application/json',
    headers,
  };
}

/** Parses and checks a message body; throws `MalformedEventMessage` when it is not an event. */
export function fromEventMessage(body: Buffer): DomainEvent {
  let raw: unknown;
  try {
    raw = JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw new MalformedEventMessage('body is not JSON', { cause: e });
  }
  const o = record(raw, 'body');
  const occurredAt = new Date(str(o, 'occurredAt'));
  if (Number.isNaN(occurredAt.getTime())) throw new MalformedEventMessage('occurredAt is not a date');
  const envelope = { id: str(o, 'id'), occurredAt, hotelId: str(o, 'hotelId'), aggregateId: str(o, 'aggregateId') };
  const type = str(o, 'type');
  const payload = record(o['payload'], 'payload');
  if (isCatalogEventType(type)) return { ...envelope, type, payload: catalogChange(payload) };
  // The type is checked against the consumer's subscription before any handler sees it.
  return { ...envelope, type: type as ReservationEventType, payload: snapshot(payload) };
}

export function traceContextOf(headers: Readonly<Record<string, unknown>> | undefined): TraceContext | undefined {
  const traceparent = headers?.[HEADER.traceparent];
  if (typeof traceparent !== 'string') return undefined;
  const tracestate = headers?.[HEADER.tracestate];
  return typeof tracestate === 'string' ? { traceparent, tracestate } : { traceparent };
}

function snapshot(p: Record<string, unknown>): ReservationSnapshot {
  return {
    reservationId: str(p, 'reservationId'),
    hotelId: str(p, 'hotelId'),
    roomTypeId: str(p, 'roomTypeId'),
    checkIn: str(p, 'checkIn'),
    checkOut: str(p, 'checkOut'),
    guests: num(p, 'guests'),
    guestName: str(p, 'guestName'),
    guestEmail: str(p, 'guestEmail'),
    status: str(p, 'status'),
    totalPriceMinor: num(p, 'totalPriceMinor'),
    currency: str(p, 'currency'),
    // Optional: events written before the partner feed lack them.
    ...(typeof p['children'] === 'number' ? { children: p['children'] } : {}),
    ...(typeof p['ratePlanId'] === 'string' || p['ratePlanId'] === null ? { ratePlanId: p['ratePlanId'] } : {}),
    ...(typeof p['createdAt'] === 'string' ? { createdAt: p['createdAt'] } : {}),
    ...(typeof p['revision'] === 'number' ? { revision: p['revision'] } : {}),
  };
}

function catalogChange(p: Record<string, unknown>): CatalogChange {
  const roomTypeId = p['roomTypeId'];
  if (roomTypeId !== null && typeof roomTypeId !== 'string') throw new MalformedEventMessage('roomTypeId is not a string or null');
  return { hotelId: str(p, 'hotelId'), roomTypeId };
}

function record(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new MalformedEventMessage(`${what} is not an object`);
  return v as Record<string, unknown>;
}

function str(o: Record<string, unknown>, key: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new MalformedEventMessage(`${key} is not a string`);
  return v;
}

function num(o: Record<string, unknown>, key: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new MalformedEventMessage(`${key} is not a number`);
  return v;
}
