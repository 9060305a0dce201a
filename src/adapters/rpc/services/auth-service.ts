import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { ServiceImpl } from '@connectrpc/connect';
import type { Identity, IssuedTokens, Profile } from '../../../core/access/identity.js';
import type { AuthService } from '../../../gen/hotel/v1/auth_service_pb.js';
import { PRINCIPAL } from '../access-policy.js';
import { unwrap } from '../results.js';

export function authService(identity: Identity): ServiceImpl<typeof AuthService> {
  return {
    async signUp(req) {
      const done = unwrap(await identity.signUp({ email: req.email, password: req.password, name: req.name, phone: req.phone }));
      return { profile: profileMessage(done.profile), tokens: tokensMessage(done.tokens) };
    },
    async signIn(req) {
      const done = unwrap(await identity.signIn({ email: req.email, password: req.password }));
      return { profile: profileMessage(done.profile), tokens: tokensMessage(done.tokens) };
    },
    async refreshToken(req) {
      return { tokens: tokensMessage(unwrap(await identity.refresh(req.refreshToken))) };
    },
    async issueClientToken(req) {
      return { tokens: tokensMessage(unwrap(await identity.clientToken({ clientId: req.clientId, clientSecret: req.clientSecret, scopes: req.scopes }))) };
    },
    async getProfile(_req, ctx) {
      return { profile: profileMessage(unwrap(await identity.profile(ctx.values.get(PRINCIPAL)))) };
    },
    async updateProfile(req, ctx) {
      const profile = unwrap(
        await identity.updateProfile(ctx.values.get(PRINCIPAL), {
          ...(req.name !== undefined ? { name: req.name } : {}),
          ...(req.phone !== undefined ? { phone: req.phone } : {}),
          ...(req.preferences ? { preferences: { email: req.preferences.email, sms: req.preferences.sms } } : {}),
        }),
      );
      return { profile: profileMessage(profile) };
    },
    async deleteAccount(_req, ctx) {
      const done = unwrap(await identity.deleteAccount(ctx.values.get(PRINCIPAL)));
      return { anonymisedReservations: done.anonymisedReservations };
    },
    async createAdminAccount(req, ctx) {
      const profile = unwrap(await identity.createAdmin(ctx.values.get(PRINCIPAL), { email: req.email, password: req.password, name: req.name, hotelIds: req.hotelIds }));
      return { profile: profileMessage(profile) };
    },
    async createApiClient(req, ctx) {
      const role = req.role === 'operator' ? 'operator' : 'partner';
      const done = unwrap(await identity.createClient(ctx.values.get(PRINCIPAL), { clientId: req.clientId, name: req.name, role, scopes: req.scopes, hotelIds: req.hotelIds }));
      return { clientId: done.client.clientId, clientSecret: done.secret };
    },
    async connectPartner(req, ctx) {
      const client = unwrap(await identity.connectPartner(ctx.values.get(PRINCIPAL), { clientId: req.clientId, hotelId: req.hotelId }));
      return { hotelIds: [...client.hotelIds] };
    },
  };
}

function profileMessage(p: Profile) {
  return {
    accountId: p.accountId,
    role: p.role,
    email: p.email,
    name: p.name,
    phone: p.phone,
    preferences: { email: p.preferences.email, sms: p.preferences.sms },
    hotelIds: [...p.hotelIds],
  };
}

function tokensMessage(t: IssuedTokens) {
  return {
    accessToken: t.accessToken,
    accessExpiresAt: timestampFromDate(t.accessExpiresAt),
    refreshToken: t.refreshToken ?? '',
    ...(t.refreshExpiresAt ? { refreshExpiresAt: timestampFromDate(t.refreshExpiresAt) } : {}),
    scopes: [...t.scopes],
  };
}
