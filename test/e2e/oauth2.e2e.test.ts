import { Writable } from 'node:stream';
import { Code, ConnectError, createClient, type Interceptor } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { createRemoteJWKSet, jwtVerify, base64url } from 'jose';
import * as oauth from 'oauth4webapi';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminService } from '../../src/gen/hotel/v1/admin_service_pb.js';
import { AuthService } from '../../src/gen/hotel/v1/auth_service_pb.js';
import { PartnerService } from '../../src/gen/hotel/v1/partner_service_pb.js';
import { bearer, clientToken, TEST_OPERATOR } from '../support/auth.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { day } from '../support/e2e.js';

/** The `authorization` header exactly as given (a scheme other than Bearer). */
const rawAuthorization =
  (header: string): Interceptor =>
  (next) =>
  (req) => {
    req.header.set('authorization', header);
    return next(req);
  };

/**
 * The client-credentials grant through an off-the-shelf OAuth2 library (oauth4webapi: discovery
 * by RFC 8414 metadata, then RFC 6749 token requests), tokens verified by a third party from the
 * JWKS, and what must never reach the logs. One app per file, its log captured at trace level.
 */
describe('OAuth2 client credentials, JWKS and log hygiene', () => {
  let app: TestServer;
  const logLines: string[] = [];
  let hotelId = '';
  let roomTypeId = '';
  let partnerSecret = '';
  const partnerId = `oauth-partner-${Date.now().toString(36)}`;

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    });
    app = await startTestServer({ broker: 'in-process', log: pino({ level: 'trace' }, sink) });
    const operator = createGrpcTransport({ baseUrl: app.url, interceptors: [bearer(app.operatorToken)] });
    const admin = createClient(AdminService, operator);
    hotelId = (await admin.createHotel({ name: 'OAuth Inn', city: 'Oslo', countryCode: 'NO', latitude: 59.91, longitude: 10.75, timeZone: 'Europe/Oslo', currencyCode: 'NOK' })).hotel!.id;
    roomTypeId = (await admin.createRoomType({ hotelId, name: 'Twin', maxGuests: 2 })).roomType!.id;
    partnerSecret = (await createClient(AuthService, operator).createApiClient({ clientId: partnerId, name: 'OAuth partner', role: 'partner', scopes: ['ari:write', 'bookings:read'], hotelIds: [hotelId] }))
      .clientSecret;
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
  });

  const discover = async () => {
    const issuer = new URL(app.url);
    const response = await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', [oauth.allowInsecureRequests]: true });
    return oauth.processDiscoveryResponse(issuer, response);
  };

  it('publishes RFC 8414 metadata that oauth4webapi accepts', async () => {
    const as = await discover();
    expect(as).toMatchObject({ issuer: app.url, token_endpoint: `${app.url}/oauth2/token`, grant_types_supported: ['client_credentials'] });
  });

  it('issues a token to client_secret_basic and client_secret_post, which PushAri accepts and a third party verifies with the JWKS', async () => {
    const as = await discover();
    const client: oauth.Client = { client_id: partnerId };
    for (const auth of [oauth.ClientSecretBasic(partnerSecret), oauth.ClientSecretPost(partnerSecret)]) {
      const response = await oauth.clientCredentialsGrantRequest(as, client, auth, new URLSearchParams({ scope: 'ari:write' }), { [oauth.allowInsecureRequests]: true });
      const token = await oauth.processClientCredentialsResponse(as, client, response);
      expect(token).toMatchObject({ token_type: 'bearer', scope: 'ari:write' });
      expect(token.expires_in).toBeGreaterThan(800);

      const partner = createClient(PartnerService, createGrpcTransport({ baseUrl: app.url, interceptors: [bearer(token.access_token)] }));
      const pushed = await partner.pushAri({ updates: [{ hotelId, roomTypeId, from: day(5), to: day(7), totalRooms: 3 }] });
      expect(pushed.applied).toBe(1);

      const jwks = createRemoteJWKSet(new URL(as.jwks_uri!));
      const { payload, protectedHeader } = await jwtVerify(token.access_token, jwks, { issuer: app.url, audience: 'hotel.v1' });
      expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
      expect(payload).toMatchObject({ sub: partnerId, kind: 'partner', scope: 'ari:write' });
    }
  });

  it('answers a wrong secret with invalid_client, an unknown grant with unsupported_grant_type, an ungranted scope with invalid_scope', async () => {
    const as = await discover();
    const client: oauth.Client = { client_id: partnerId };
    const wrong = await oauth.clientCredentialsGrantRequest(as, client, oauth.ClientSecretBasic(`${partnerSecret}x`), {}, { [oauth.allowInsecureRequests]: true });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_client' });

    const form = (body: Record<string, string>) =>
      fetch(`${app.url}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${partnerId}:${partnerSecret}`).toString('base64')}` },
        body: new URLSearchParams(body),
      });
    const password = await form({ grant_type: 'password', username: 'x', password: 'y' });
    expect([password.status, ((await password.json()) as { error: string }).error]).toEqual([400, 'unsupported_grant_type']);
    const scope = await form({ grant_type: 'client_credentials', scope: 'bookings:write' });
    expect([scope.status, ((await scope.json()) as { error: string }).error]).toEqual([400, 'invalid_scope']);
    expect(scope.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses malformed, unsigned (alg: none) and foreign tokens with UNAUTHENTICATED, and never echoes them', async () => {
    const good = await clientToken(app.url, partnerId, partnerSecret);
    const [, payload] = good.split('.');
    const unsigned = `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'at+jwt' }))}.${payload}.`;
    for (const token of ['Token abc', 'not.a.jwt', unsigned, `${good.slice(0, -4)}AAAA`]) {
      const header = token.startsWith('Token ') ? rawAuthorization(token) : bearer(token);
      const partner = createClient(PartnerService, createGrpcTransport({ baseUrl: app.url, interceptors: [header] }));
      const error = await partner.listBookingRevisions({ hotelIds: [hotelId] }).then(
        () => undefined,
        (e: unknown) => ConnectError.from(e),
      );
      expect(error?.code, token.slice(0, 20)).toBe(Code.Unauthenticated);
      expect(error?.rawMessage).not.toContain(token.replace(/^Token /, ''));
    }
  });

  it('never writes passwords, client secrets or tokens to the log, even at trace level', async () => {
    const auth = createClient(AuthService, createGrpcTransport({ baseUrl: app.url }));
    const password = 'hygiene-password-42';
    const email = `hygiene-${Date.now()}@example.com`;
    const signedUp = await auth.signUp({ email, password, name: 'Hy Giene', phone: '+47 22 00 00 00' });
    await auth.signIn({ email, password: 'wrong-password-43' }).catch(() => undefined);
    const token = (await auth.issueClientToken({ clientId: partnerId, clientSecret: partnerSecret })).tokens!.accessToken;
    await auth.issueClientToken({ clientId: partnerId, clientSecret: 'wrong-secret-44' }).catch(() => undefined);
    const logged = logLines.join('');
    expect(logLines.length).toBeGreaterThan(0);
    for (const secret of [password, 'wrong-password-43', partnerSecret, 'wrong-secret-44', token, signedUp.tokens!.accessToken, signedUp.tokens!.refreshToken, TEST_OPERATOR.clientSecret]) {
      expect(logged).not.toContain(secret);
    }
  });
});
