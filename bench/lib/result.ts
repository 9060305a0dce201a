import { writeFileSync } from 'node:fs';
import os from 'node:os';

/**
 * What a benchmark reports to `npm run bench` (scripts/bench-report.ts), besides what it prints:
 * written as JSON to $BENCH_RESULT_FILE when the runner sets it, ignored otherwise.
 */
export interface BenchResult {
  readonly name: string;
  /** One line on what was measured and how. */
  readonly summary: string;
  /** Headline figures, e.g. { label: 'bookings/s through the API', value: 812, unit: '/s' }. */
  readonly figures: readonly { label: string; value: number; unit: string }[];
  /** Ratios against a baseline measured in the same run, with the target. */
  readonly ratios: readonly { label: string; value: number; target?: number }[];
  /** Latency percentiles in milliseconds, one row per operation. */
  readonly latencies: readonly { label: string; p50: number; p90: number; p99: number }[];
  /** Anything else worth a line in the report (invariants checked, caveats). */
  readonly notes: readonly string[];
}

export function writeBenchResult(result: BenchResult): void {
  const file = process.env['BENCH_RESULT_FILE'];
  if (file) writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
}

/** The p-th percentile (0-100) of `sorted` (ascending), nearest rank. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function latencyRow(label: string, samplesMs: readonly number[]): BenchResult['latencies'][number] {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return { label, p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99) };
}

export function machine(): string {
  return `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}
