import { randomUUID } from 'node:crypto';
import { createClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { BookingService } from '../src/gen/hotel/v1/booking_service_pb.js';
import { bearer } from '../test/support/auth.js';

// The load generator of bench/booking.ts, in its own process so it does not share the server's event
// loop: N concurrent gRPC clients book for SECONDS (after WARMUP) and print one JSON line of results.

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

// A few HTTP/2 connections shared by the clients, as a gateway or SDK pool would.
const transports = Array.from({ length: Math.min(4, clients) }, () => createGrpcTransport({ baseUrl: url, interceptors: [bearer(token)] }));
const booking = transports.map((t) => createClient(BookingService, t));

const latencies: number[] = [];
let errors = 0;
let measuring = false;
let running = true;

async function client(i: number): Promise<void> {
  const api = booking[i % booking.length]!;
  for (let n = 0; running; n++) {
    const t = targets[Math.floor(Math.random() * targets.length)]!;
    const start = performance.now();
    try {
      await api.createReservation({
        idempotencyKey: `bench-${randomUUID()}`,
        hotelId: t.hotelId,
        roomTypeId: t.roomTypeId,
        checkIn: t.checkIn,
        checkOut: t.checkOut,
        guests: 2,
        guestName: 'Bench Guest',
        guestEmail: 'bench@example.com',
      });
      if (measuring) latencies.push(performance.now() - start);
    } catch (error) {
      if (measuring) errors++;
      if (errors < 3 && measuring) console.error(String(error));
    }
  }
}

const loops = Array.from({ length: clients }, (_, i) => client(i));
await new Promise((r) => setTimeout(r, warmup * 1000));
measuring = true;
const started = performance.now();
await new Promise((r) => setTimeout(r, seconds * 1000));
measuring = false;
const elapsed = (performance.now() - started) / 1000;
running = false;
await Promise.all(loops);
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
console.log(JSON.stringify({ bookings: latencies.length, errors, elapsed, perSecond: latencies.length / elapsed, p50: pct(50), p99: pct(99) }));
