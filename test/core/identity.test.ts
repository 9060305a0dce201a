import { SignJWT, base64url, generateKeyPair } from 'jose';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JoseTokenSigner, newSigningJwk } from '../../src/adapters/crypto/jose-token-signer.js';
import { ScryptHasher } from '../../src/adapters/crypto/scrypt-hasher.js';
import { MemoryAccountStore } from '../../src/adapters/memory/memory-account-store.js';
import { LOCKOUT_THRESHOLD, lockoutMs } from '../../src/core/access/account.js';
import { Identity } from '../../src/core/access/identity.js';
import { mayAccessReservation, type Principal } from '../../src/core/access/principal.js';
import { FakeClock } from '../support/clock.js';
import { sequentialIds } from '../support/sequential-ids.js';
import { unwrapOk } from '../support/memory-app.js';

const ISSUER = 'https://hotel.test';

async function identity(options: { accessSeconds?: number } = {}) {
  const clock = new FakeClock(new Date('2030-01-01T12:00:00Z'));
  const key = await newSigningJwk('k1');
  const signer = await JoseTokenSigner.create({ keys: [key], issuer: () => ISSUER, audience: 'hotel.v1', now: () => clock.now() });
  const accounts = new MemoryAccountStore();
  const erased: string[] = [];
  const id = new Identity({
    accounts,
    hasher: new ScryptHasher(10),
    tokens: signer,
    eraser: {
      async anonymiseGuest(email) {
        erased.push(email);
        return 2;
      },
    },
    clock,
    ids: sequentialIds(),
    ttl: { accessSeconds: options.accessSeconds ?? 900, refreshSeconds: 86_400 },
  });
  return { id, clock, accounts, erased, key };
}

const guest = { email: 'Ada@Example.com ', password: 'correct horse battery', name: 'Ada Lovelace', phone: '+44 20 7946 0000' };

describe('identity: sign-up, sign-in and tokens', () => {
  it('signs a guest up and in; the access token authenticates as that guest, with the email normalised', async () => {
    const { id } = await identity();
    const up = unwrapOk(await id.signUp(guest));
    expect(up.profile).toMatchObject({ role: 'guest', email: 'ada@example.com', name: 'Ada Lovelace' });
    const signedIn = unwrapOk(await id.signIn({ email: 'ADA@example.com', password: guest.password }));
    const principal = unwrapOk(await id.authenticate(signedIn.tokens.accessToken));
    expect(principal).toEqual({ kind: 'guest', accountId: up.profile.accountId, email: 'ada@example.com' });
  });

  it('answers an unknown email and a wrong password with the same error', async () => {
    const { id } = await identity();
    unwrapOk(await id.signUp(guest));
    const unknown = await id.signIn({ email: 'nobody@example.com', password: guest.password });
    const wrong = await id.signIn({ email: guest.email, password: 'not the password' });
    expect(unknown).toEqual(wrong);
    expect(!unknown.ok && unknown.error).toEqual({ code: 'UNAUTHENTICATED', reason: 'email or password is wrong' });
  });

  it('refuses a second account with the same email, whatever its case', async () => {
    const { id } = await identity();
    unwrapOk(await id.signUp(guest));
    const again = await id.signUp({ ...guest, email: 'ADA@EXAMPLE.COM' });
    expect(!again.ok && again.error).toEqual({ code: 'ALREADY_EXISTS', resource: 'account' });
  });

  it('locks an account after repeated failures, says for how long, and lets the right password in afterwards', async () => {
    const { id, clock } = await identity();
    unwrapOk(await id.signUp(guest));
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) expect((await id.signIn({ email: guest.email, password: `wrong-${i}-password` })).ok).toBe(false);
    const locked = await id.signIn({ email: guest.email, password: guest.password });
    expect(!locked.ok && locked.error).toEqual({ code: 'TOO_MANY_ATTEMPTS', retryAfterMs: 30_000 });
    clock.advanceMillis(30_001);
    unwrapOk(await id.signIn({ email: guest.email, password: guest.password }));
    // The counter started again: one more failure does not lock.
    await id.signIn({ email: guest.email, password: 'wrong again!' });
    expect((await id.signIn({ email: guest.email, password: guest.password })).ok).toBe(true);
  });

  it('refreshes a pair; the refresh token is not an access token and dies with the account', async () => {
    const { id, erased } = await identity();
    const up = unwrapOk(await id.signUp(guest));
    const refreshToken = up.tokens.refreshToken ?? '';
    expect((await id.authenticate(refreshToken)).ok).toBe(false);
    const next = unwrapOk(await id.refresh(refreshToken));
    const me = unwrapOk(await id.authenticate(next.accessToken));
    expect(unwrapOk(await id.deleteAccount(me))).toEqual({ anonymisedReservations: 2 });
    expect(erased).toEqual(['ada@example.com']);
    expect((await id.refresh(refreshToken)).ok).toBe(false);
    expect((await id.authenticate(next.accessToken)).ok).toBe(false);
    expect((await id.signIn({ email: guest.email, password: guest.password })).ok).toBe(false);
    // The email is free again for a new account.
    expect((await id.signUp(guest)).ok).toBe(true);
  });

  it('refuses expired, tampered, foreign-key and alg:none tokens', async () => {
    const { id, clock, key } = await identity({ accessSeconds: 60 });
    const up = unwrapOk(await id.signUp(guest));
    const token = up.tokens.accessToken;
    const [header, payload, signature] = token.split('.') as [string, string, string];

    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload))) as Record<string, unknown>;
    const elevated = base64url.encode(JSON.stringify({ ...claims, kind: 'operator' }));
    const noneHeader = base64url.encode(JSON.stringify({ alg: 'none', typ: 'at+jwt', kid: key.kid }));
    const { privateKey: stranger } = await generateKeyPair('ES256');
    const foreign = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: key.kid }).sign(stranger);

    for (const bad of [`${header}.${elevated}.${signature}`, `${noneHeader}.${payload}.`, foreign, 'not-a-jwt', `${token}x`]) {
      expect((await id.authenticate(bad)).ok, bad.slice(0, 40)).toBe(false);
    }
    expect((await id.authenticate(token)).ok).toBe(true);
    clock.advanceMillis(61_000);
    const expired = await id.authenticate(token);
    expect(!expired.ok && expired.error.code).toBe('UNAUTHENTICATED');
  });

  it('issues client tokens with the scopes asked for, only among those granted', async () => {
    const { id } = await identity();
    const staff: Principal = { kind: 'operator', clientId: 'root' };
    const { secret } = unwrapOk(await id.createClient(staff, { clientId: 'channel-x', name: 'Channel X', role: 'partner', scopes: ['ari:write', 'bookings:read'], hotelIds: ['h1'] }));
    const narrow = unwrapOk(await id.clientToken({ clientId: 'channel-x', clientSecret: secret, scopes: ['ari:write'] }));
    expect(unwrapOk(await id.authenticate(narrow.accessToken))).toEqual({ kind: 'partner', clientId: 'channel-x', hotelIds: new Set(['h1']), scopes: new Set(['ari:write']) });
    const all = unwrapOk(await id.clientToken({ clientId: 'channel-x', clientSecret: secret, scopes: [] }));
    expect(all.scopes).toEqual(['ari:write', 'bookings:read']);
    const tooMuch = await id.clientToken({ clientId: 'channel-x', clientSecret: secret, scopes: ['bookings:write'] });
    expect(!tooMuch.ok && tooMuch.error.code).toBe('INVALID_ARGUMENT');
    const wrong = await id.clientToken({ clientId: 'channel-x', clientSecret: `${secret}x`, scopes: [] });
    expect(!wrong.ok && wrong.error.code).toBe('UNAUTHENTICATED');
  });

  it('lets only operators create admins and clients, and only a hotel’s own admins connect partners to it', async () => {
    const { id } = await identity();
    const staff: Principal = { kind: 'operator', clientId: 'root' };
    const me = unwrapOk(await id.authenticate(unwrapOk(await id.signUp(guest)).tokens.accessToken));
    expect((await id.createClient(me, { clientId: 'sneaky', name: 'x', role: 'operator', scopes: [], hotelIds: [] })).ok).toBe(false);
    expect((await id.createAdmin(me, { email: 'boss@example.com', password: 'long enough pw', name: 'Boss', hotelIds: ['h1'] })).ok).toBe(false);
    unwrapOk(await id.createAdmin(staff, { email: 'boss@example.com', password: 'long enough pw', name: 'Boss', hotelIds: ['h1'] }));
    unwrapOk(await id.createClient(staff, { clientId: 'channel-y', name: 'Y', role: 'partner', scopes: ['ari:write'], hotelIds: [] }));
    const boss = unwrapOk(await id.authenticate(unwrapOk(await id.signIn({ email: 'boss@example.com', password: 'long enough pw' })).tokens.accessToken));
    expect((await id.connectPartner(boss, { clientId: 'channel-y', hotelId: 'h2' })).ok).toBe(false);
    expect(unwrapOk(await id.connectPartner(boss, { clientId: 'channel-y', hotelId: 'h1' })).hotelIds).toEqual(['h1']);
  });
});

describe('access rules', () => {
  it('lockout waits grow and are capped', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), (failures) => {
        const wait = lockoutMs(failures);
        expect(wait).toBeLessThanOrEqual(15 * 60_000);
        expect(lockoutMs(failures + 1)).toBeGreaterThanOrEqual(wait);
        expect(wait > 0).toBe(failures >= LOCKOUT_THRESHOLD);
      }),
    );
  });

  it('a guest reaches a reservation exactly when the emails match (case and blanks aside); nobody else by email', () => {
    const email = fc.emailAddress();
    fc.assert(
      fc.property(email, email, fc.boolean(), (mine, theirs, write) => {
        const reservation = { hotelId: 'h1', guest: { email: theirs } };
        const need = write ? 'write' : 'read';
        expect(mayAccessReservation({ kind: 'guest', accountId: 'a', email: ` ${mine.toUpperCase()} ` }, reservation, need)).toBe(mine.toLowerCase() === theirs.toLowerCase());
        expect(mayAccessReservation({ kind: 'admin', accountId: 'a', email: theirs, hotelIds: new Set(['h2']) }, reservation, need)).toBe(false);
        expect(mayAccessReservation({ kind: 'partner', clientId: 'p', hotelIds: new Set(['h1']), scopes: new Set(['ari:write']) }, reservation, need)).toBe(false);
        expect(mayAccessReservation({ kind: 'anonymous' }, reservation, need)).toBe(false);
      }),
    );
  });
});
