import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { ErrorInfoSchema, RetryInfoSchema } from '../../src/gen/google/rpc/error_details_pb.js';
import { call } from '../support/grpc-client.js';
import { detailOf, statusDetails } from '../support/grpc-status.js';
import { useTestServer } from '../support/e2e.js';

// Per-caller token buckets through the real server: a burst of 3, then 1 call a second. Twenty calls
// sent together: at most 3 plus one per second elapsed get through (a loaded machine may stall the
// server between them, so the bound is computed from the time the calls actually took).
const e2e = useTestServer({ broker: 'in-process', env: { RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '3' } });

describe('rate limiting', () => {
  it('lets a burst through, then answers RESOURCE_EXHAUSTED with a retry delay, counted by reason in the metrics', async () => {
    const started = Date.now();
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => call(e2e.clients.admin, 'listHotels', {}).then(() => undefined, (e: grpc.ServiceError) => e)),
    );
    const elapsedSeconds = (Date.now() - started) / 1000;
    const allowed = outcomes.filter((o) => o === undefined).length;
    expect(allowed).toBeGreaterThanOrEqual(3);
    expect(allowed).toBeLessThanOrEqual(3 + Math.ceil(elapsedSeconds));
    const refused = outcomes.find((o) => o !== undefined)!;
    expect(refused.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    const details = statusDetails(refused.metadata);
    expect(detailOf(details, ErrorInfoSchema)).toMatchObject({ reason: 'RATE_LIMITED', metadata: { limit_per_second: '1', burst: '3' } });
    const delay = detailOf(details, RetryInfoSchema)?.retryDelay;
    const delayMs = Number(delay?.seconds ?? 0n) * 1000 + (delay?.nanos ?? 0) / 1e6;
    expect(delayMs).toBeGreaterThan(0);
    expect(delayMs).toBeLessThanOrEqual(1000);

    // Health checks are never limited (load balancers poll them).
    const health = await fetch(`${e2e.server.url}/grpc.health.v1.Health/Check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(health.status).toBe(200);

    const metrics = await (await fetch(`${e2e.server.opsUrl}/metrics`)).text();
    expect(metrics).toMatch(/hotel_rpc_rejections_total\{[^}]*method="ListHotels"[^}]*code="RESOURCE_EXHAUSTED"[^}]*reason="RATE_LIMITED"[^}]*\} (\d+)/);
    expect(Number(/reason="RATE_LIMITED"[^}]*\} (\d+)/.exec(metrics)?.[1])).toBe(20 - allowed);
  });
});
