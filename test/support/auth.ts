import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Interceptor } from '@connectrpc/connect';
import { clientToken, TEST_AUTH_ENV, TEST_OPERATOR } from './test-server.js';

/** A Connect interceptor that sends `authorization: Bearer <token>` on every call. */
export function bearer(token: string): Interceptor {
  return (next) => (req) => {
    req.header.set('authorization', `Bearer ${token}`);
    return next(req);
  };
}

/** `authorization` header for raw fetch calls to RPC paths. */
export const bearerHeader = (token: string): { authorization: string } => ({ authorization: `Bearer ${token}` });

/**
 * Auth settings for an app started other than through startTestServer: the test operator, cheap
 * password hashes and a token-keys file in the OS temp dir (never .data/). `remove()` deletes the file.
 */
export function testAuthEnv(): { env: Record<string, string>; remove(): Promise<void> } {
  const keysFile = join(tmpdir(), `hotel-test-keys-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  return { env: { ...TEST_AUTH_ENV, TOKEN_KEYS_FILE: keysFile }, remove: () => rm(keysFile, { force: true }) };
}

/** The test operator's access token from a server started with testAuthEnv()/TEST_AUTH_ENV. */
export const operatorToken = (url: string): Promise<string> => clientToken(url, TEST_OPERATOR.clientId, TEST_OPERATOR.clientSecret);
