import type { Scope } from './principal.js';

export type AccountRole = 'guest' | 'admin';

export interface NotificationPreferences {
  readonly email: boolean;
  readonly sms: boolean;
}

/**
 * A person who signs in with email and password: a guest, or a hotel administrator bound to hotels.
 * Deleting one erases its personal data (email, name, phone, password) and keeps the row, so that
 * old tokens stop working and the id is never reused.
 */
export interface Account {
  readonly id: string;
  readonly role: AccountRole;
  readonly email: string;
  readonly name: string;
  readonly phone: string;
  readonly preferences: NotificationPreferences;
  /** PasswordHasher output; never leaves the adapters that store and check it. */
  readonly passwordHash: string;
  readonly hotelIds: readonly string[];
  readonly createdAt: Date;
  /** Bumped by deletion and password changes: refresh tokens carry it and die with it. */
  readonly tokenVersion: number;
  readonly failedSignIns: number;
  readonly lockedUntil?: Date;
  readonly erasedAt?: Date;
}

export type ClientRole = 'partner' | 'operator';

/** An OAuth2 client (client-credentials grant): a channel partner's system, or platform staff tooling. */
export interface ApiClient {
  readonly clientId: string;
  readonly name: string;
  readonly role: ClientRole;
  readonly secretHash: string;
  readonly scopes: readonly Scope[];
  /** Hotels a partner is connected to (operators act on every hotel). */
  readonly hotelIds: readonly string[];
  readonly createdAt: Date;
}

/** Sign-in lockout: after this many consecutive failures the account waits, doubling each time. */
export const LOCKOUT_THRESHOLD = 5;
const LOCKOUT_BASE_MS = 30_000;
const LOCKOUT_MAX_MS = 15 * 60_000;

/** How long the account stays locked after its `failures`-th consecutive failure (0: not locked). */
export function lockoutMs(failures: number): number {
  if (failures < LOCKOUT_THRESHOLD) return 0;
  return Math.min(LOCKOUT_MAX_MS, LOCKOUT_BASE_MS * 2 ** (failures - LOCKOUT_THRESHOLD));
}
