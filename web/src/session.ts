import { useSyncExternalStore } from 'react';

// The signed-in account's tokens: in memory, mirrored to sessionStorage so a reload or a new route
// keeps the session while the tab lives (never localStorage: closing the tab signs out, and other
// tabs or a later visitor of a shared computer do not inherit it).

export interface Session {
  readonly accessToken: string;
  /** Epoch milliseconds. */
  readonly accessExpiresAt: number;
  readonly refreshToken: string;
  readonly role: string;
  readonly email: string;
  readonly name: string;
}

const KEY = 'hotel.session';
let current: Session | undefined = read();
const listeners = new Set<() => void>();

function read(): Session | undefined {
  try {
    const text = sessionStorage.getItem(KEY);
    if (!text) return undefined;
    const parsed = JSON.parse(text) as Partial<Session>;
    if (typeof parsed.accessToken !== 'string' || typeof parsed.refreshToken !== 'string' || typeof parsed.accessExpiresAt !== 'number') return undefined;
    return parsed as Session;
  } catch {
    return undefined;
  }
}

export function getSession(): Session | undefined {
  return current;
}

export function setSession(session: Session | undefined): void {
  current = session;
  try {
    if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
    else sessionStorage.removeItem(KEY);
  } catch {
    // Storage refused (private mode quotas): the session still lives in memory.
  }
  for (const listener of listeners) listener();
}

/** New tokens for the same account (a refresh). */
export function updateTokens(tokens: Pick<Session, 'accessToken' | 'accessExpiresAt' | 'refreshToken'>): void {
  if (current) setSession({ ...current, ...tokens });
}

/** The current session; re-renders on sign-in, refresh, profile change and sign-out. */
export function useSession(): Session | undefined {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}
