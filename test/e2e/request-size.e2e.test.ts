import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { call, callError } from '../support/grpc-client.js';
import { useTestServer } from '../support/e2e.js';

// MAX_REQUEST_BYTES through the real server: a request message over it is refused before any
// handler runs, with RESOURCE_EXHAUSTED in every protocol, and the server goes on serving.
const e2e = useTestServer({ broker: 'in-process', env: { MAX_REQUEST_BYTES: '2048' } });
const hotel = (name: string) => ({ name, city: 'Lisbon', countryCode: 'PT', timeZone: 'Europe/Lisbon', currency: 'EUR', location: { latitude: 38.7, longitude: -9.1 } });

describe('request size limit', () => {
  it('refuses an oversized gRPC request with RESOURCE_EXHAUSTED and keeps serving', async () => {
    const refused = await callError(e2e.clients.admin, 'createHotel', hotel('x'.repeat(5_000)));
    expect(refused.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(refused.details).toMatch(/larger than configured readMaxBytes 2048/);
    // The same connection and server go on: a small call right after.
    await expect(call(e2e.clients.admin, 'listHotels', {})).resolves.toBeDefined();
  });

  it('refuses an oversized Connect JSON request the same way', async () => {
    const response = await fetch(`${e2e.server.url}/hotel.v1.AdminService/CreateHotel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(hotel('y'.repeat(5_000))),
    });
    expect(await response.json()).toMatchObject({ code: 'resource_exhausted' });
    const health = await fetch(`${e2e.server.url}/grpc.health.v1.Health/Check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(await health.json()).toEqual({ status: 'SERVING' });
  });
});
