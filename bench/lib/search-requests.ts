import { SEED_CITIES } from '../../src/app/seed-data.js';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** The i-th search of the bench: half by city, half within 10 km of a city centre, a 2-night stay 30-40 days ahead, 2 guests, a quarter asking for wifi. */
export function searchRequest(i: number) {
  const city = SEED_CITIES[i % SEED_CITIES.length] ?? SEED_CITIES[0];
  const stay = { checkIn: day(30 + (i % 10)), checkOut: day(32 + (i % 10)), guests: 2, amenities: i % 4 === 0 ? ['wifi'] : [] };
  return i % 2 === 0
    ? { location: { case: 'city' as const, value: city[0] }, ...stay }
    : { location: { case: 'near' as const, value: { latitude: city[2], longitude: city[3], radiusKm: 10 } }, ...stay };
}

export interface Figures {
  /** Measured time in seconds. */
  readonly elapsed: number;
  /** Every latency in ms, sorted. */
  readonly latencies: readonly number[];
  readonly requests: number;
  readonly errors: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
}

/** `clients` loops calling `once` back to back for `seconds` (after a 1 s warm-up), latencies in ms. */
export async function load(once: (i: number) => Promise<unknown>, seconds: number, clients: number): Promise<Figures> {
  const warmUntil = Date.now() + 1_000;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = c; Date.now() < warmUntil; i += clients) await once(i).catch(() => undefined);
    }),
  );
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const until = started + seconds * 1_000;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = c; performance.now() < until; i += clients) {
        const t0 = performance.now();
        try {
          await once(i);
          latencies.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1_000;
  return figures(latencies, errors, elapsed);
}

function figures(latencies: number[], errors: number, elapsed: number): Figures {
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { elapsed, latencies, requests: latencies.length, errors, perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99) };
}

/** Several measured slices as one: requests over the summed time, percentiles over all latencies. */
export function merge(slices: readonly Figures[]): Figures {
  return figures(
    slices.flatMap((s) => s.latencies),
    slices.reduce((n, s) => n + s.errors, 0),
    slices.reduce((t, s) => t + s.elapsed, 0),
  );
}
