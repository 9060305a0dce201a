import type { Identity } from '../core/access/identity.js';
import { SCOPES } from '../core/access/principal.js';
import type { HotelDirectory } from '../ports/hotel-directory.js';

/**
 * The demo's sign-ins, printed by `npm start` and used by the README's examples. Demo data only:
 * they are made when the demo hotels are, never in a database that had hotels already.
 */
export const DEMO_ACCOUNTS = {
  guest: { email: 'guest@demo.hotel', password: 'demo-guest-password' },
  admin: { email: 'admin@demo.hotel', password: 'demo-admin-password' },
  partner: { clientId: 'demo-partner', clientSecret: 'demo-partner-secret' },
  operator: { clientId: 'demo-operator', clientSecret: 'demo-operator-secret' },
} as const;

/** A guest, an admin of every demo hotel, a partner connected to all of them with every scope, and an operator. */
export async function seedDemoAccounts(identity: Identity, directory: HotelDirectory): Promise<void> {
  const hotelIds: string[] = [];
  let afterId: string | undefined;
  for (;;) {
    const page = await directory.listHotels({ scope: { kind: 'all' }, includeInactive: false, limit: 500, ...(afterId === undefined ? {} : { afterId }) });
    hotelIds.push(...page.hotels.map((h) => h.id));
    if (page.nextAfterId === undefined) break;
    afterId = page.nextAfterId;
  }
  await identity.ensureAccount({ role: 'guest', ...DEMO_ACCOUNTS.guest, name: 'Dana Demo', hotelIds: [] });
  await identity.ensureAccount({ role: 'admin', ...DEMO_ACCOUNTS.admin, name: 'Alex Admin', hotelIds });
  const { clientId, clientSecret } = DEMO_ACCOUNTS.partner;
  await identity.ensureClient({ clientId, secret: clientSecret, name: 'Demo channel manager', role: 'partner', scopes: [...SCOPES], hotelIds });
  const operator = DEMO_ACCOUNTS.operator;
  await identity.ensureClient({ clientId: operator.clientId, secret: operator.clientSecret, name: 'Demo operator', role: 'operator', scopes: [...SCOPES], hotelIds: [] });
}
