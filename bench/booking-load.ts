import { randomBytes } from 'node:crypto';
import { create, toBinary } from '@bufbuild/protobuf';
import { CreateReservationRequestSchema } from '../src/gen/hotel/v1/booking_service_pb.js';
import { grpcFrame, RawGrpcClient } from './lib/raw-grpc.js';

// The load generator of bench/booking.ts, in its own process so it does not share the server's event
// loop: N concurrent gRPC clients book for SECONDS (after WARMUP) and print one JSON line of results.
//
// Each target's request is encoded once and the idempotency key, the only field that changes, is
// overwritten in place; RawGrpcClient sends it and reads only the status: the generator shares cores
// with the server and should cost about as little as pgbench's client does on the other side of the
// comparison, not a second server's worth of CPU.

interface Target {
  hotelId: string;
  roomTypeId: string;
  checkIn: string;
  checkOut: string;
}

const url = process.env['BENCH_URL'] ?? '';
/** The operator's access token, from bench/booking.ts. */
const token = process.env['BENCH_TOKEN'] ?? '';
const clients = Number(process.env['BENCH_CLIENTS'] ?? 16);
const seconds = Number(process.env['BENCH_SECONDS'] ?? 10);
const warmup = Number(process.env['BENCH_WARMUP'] ?? 2);
const targets = JSON.parse(process.env['BENCH_TARGETS'] ?? '[]') as Target[];

const KEY_PREFIX = `bench-${randomBytes(4).toString('hex')}-`;
/** Every key has the same length, so it can be written over the template's. */
const KEY_DIGITS = 12;
const keyOf = (n: number) => KEY_PREFIX + String(n).padStart(KEY_DIGITS, '0');

/** Each target's gRPC message (5-byte frame header + protobuf) and the offset of its key's bytes. */
const templates = targets.map((t) => {
  const placeholder = keyOf(0);
  const body = toBinary(
    CreateReservationRequestSchema,
    create(CreateReservationRequestSchema, { idempotencyKey: placeholder, hotelId: t.hotelId, roomTypeId: t.roomTypeId, checkIn: t.checkIn, checkOut: t.checkOut, guests: 2, guestName: 'Bench Guest', guestEmail: 'bench@example.com' }),
  );
  const frame = grpcFrame(body);
  const offset = frame.indexOf(placeholder);
  if (offset < 0) throw new Error('key not found in the encoded request');
  return { frame, offset };
});

let sequence = 0;
function nextRequest(): Buffer {
  const t = templates[Math.floor(Math.random() * templates.length)]!;
  const frame = Buffer.from(t.frame);
  frame.write(keyOf(++sequence), t.offset, 'latin1');
  return frame;
}

const client = new RawGrpcClient(url, { authorization: `Bearer ${token}` });

const latencies: number[] = [];
let errors = 0;
let measuring = false;
let running = true;

async function loop(): Promise<void> {
  while (running) {
    const frame = nextRequest();
    const start = performance.now();
    let failure: string | undefined;
    try {
      await client.call('/hotel.v1.BookingService/CreateReservation', frame);
    } catch (error) {
      failure = String(error);
    }
    if (!measuring) continue;
    if (failure === undefined) latencies.push(performance.now() - start);
    else if (++errors <= 3) console.error(failure);
  }
}

const loops = Array.from({ length: clients }, () => loop());
await new Promise((r) => setTimeout(r, warmup * 1000));
measuring = true;
const started = performance.now();
await new Promise((r) => setTimeout(r, seconds * 1000));
measuring = false;
const elapsed = (performance.now() - started) / 1000;
running = false;
await Promise.all(loops);
client.close();
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
console.log(JSON.stringify({ bookings: latencies.length, errors, elapsed, perSecond: latencies.length / elapsed, p50: pct(50), p99: pct(99) }));
