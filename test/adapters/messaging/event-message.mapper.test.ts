import { describe, expect, it } from 'vitest';
import {
  MalformedEventMessage,
  fromEventMessage,
  toEventMessage,
  traceContextOf,
} from '../../../src/adapters/messaging/event-message.mapper.js';
import { aReservationEvent } from '../../contract/event-bus.contract.js';

describe('event message mapper', () => {
  it('round-trips an event, the date included', () => {
    const event = aReservationEvent({ type: 'reservation.cancelled' });

    const back = fromEventMessage(toEventMessage(event).body);

    expect(back).toEqual(event);
    expect(back.occurredAt.getTime()).toBe(event.occurredAt.getTime());
  });

  it('puts the routing facts in message properties and headers, dates as ISO strings in the body', () => {
    const event = aReservationEvent({ hotelId: 'hotel-9' });

    const message = toEventMessage(event);

    expect(message).toMatchObject({
      messageId: event.id,
      type: 'reservation.confirmed',
      contentType: 'application/json',
      timestamp: Math.floor(event.occurredAt.getTime() / 1000),
      headers: { hotel_id: 'hotel-9', schema_version: 1 },
    });
    expect(JSON.parse(message.body.toString()).occurredAt).toBe('2030-05-01T09:30:15.123Z');
  });

  it('carries W3C trace context when given one', () => {
    const trace = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', tracestate: 'vendor=x' };

    const message = toEventMessage(aReservationEvent(), trace);

    expect(traceContextOf(message.headers)).toEqual(trace);
    expect(traceContextOf(toEventMessage(aReservationEvent()).headers)).toBeUndefined();
  });

  const valid = () => JSON.parse(toEventMessage(aReservationEvent()).body.toString()) as Record<string, unknown>;
  it.each([
    ['not JSON', Buffer.from('{"id":')],
    ['not an object', Buffer.from('[1,2]')],
    ['a missing id', Buffer.from(JSON.stringify({ ...valid(), id: undefined }))],
    ['a bad date', Buffer.from(JSON.stringify({ ...valid(), occurredAt: 'yesterday' }))],
    ['a missing payload', Buffer.from(JSON.stringify({ ...valid(), payload: null }))],
    ['a non-numeric price', Buffer.from(JSON.stringify({ ...valid(), payload: { ...(valid()['payload'] as object), totalPriceMinor: '450' } }))],
  ])('rejects a body with %s', (_, body) => {
    expect(() => fromEventMessage(body)).toThrow(MalformedEventMessage);
  });
});

describe('event message mapper: the partner feed’s snapshot fields', () => {
  it('round-trips children, rate plan, creation time and revision when present, and parses events without them', () => {
    const base = aReservationEvent();
    const event = { ...base, payload: { ...base.payload, children: 2, ratePlanId: null, createdAt: '2030-05-01T09:30:15.123Z', revision: 3 } };
    expect(fromEventMessage(toEventMessage(event).body)).toEqual(event);
    const withPlan = { ...base, payload: { ...base.payload, ratePlanId: 'rp-1' } };
    expect(fromEventMessage(toEventMessage(withPlan).body)).toEqual(withPlan);
    expect(fromEventMessage(toEventMessage(base).body)).toEqual(base);
  });
});
