import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Interceptor } from '@connectrpc/connect';

/** The bootstrap operator every test server has (OPERATOR_CLIENT_SECRET). */
export const TEST_OPERATOR = { clientId: 'test-operator', clientSecret: 'test-operator-secret-0123456789' } as const;

/** Auth settings of test servers: the operator, and cheap password hashes (scrypt N = 2^10) so sign-ups stay fast. */
export const TEST_AUTH_ENV = {
  OPERATOR_CLIENT_ID: TEST_OPERATOR.clientId,
  OPERATOR_CLIENT_SECRET: TEST_OPERATOR.clientSecret,
  PASSWORD_HASH_COST: '10',
} as const;

/** An access token from the server's standard OAuth2 token endpoint (client-credentials grant). */
export async function clientToken(url: string, clientId: string, clientSecret: string, scope?: string): Promise<string> {
  const response = await fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) }),
  });
  const body = (await response.json()) as { access_token?: string; error?: string };
  if (!response.ok || !body.access_token) throw new Error(`token endpoint answered ${response.status} ${JSON.stringify(body)}`);
  return body.access_token;
}

/** A Connect interceptor that sends `authorization: Bearer <token>` on every call. */
export function bearer(token: string | undefined): Interceptor {
  return (next) => (req) => {
    if (token !== undefined) req.header.set('authorization', `Bearer ${token}`);
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
