import type { IncomingHttpHeaders } from 'node:http';
import { SCOPES } from '../../core/access/principal.js';
import type { IssuedTokens } from '../../core/access/identity.js';
import type { InvalidArgument, Unauthenticated } from '../../core/shared/errors.js';
import type { Result } from '../../core/shared/result.js';

/** What these handlers use of Node's HTTP/1.1 and HTTP/2 compatibility request and response. */
interface Request {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly headers: IncomingHttpHeaders;
  on(event: 'data' | 'end' | 'error', listener: (arg: Buffer & Error) => void): unknown;
}
interface Response {
  statusCode: number;
  readonly headersSent: boolean;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

export interface OAuth2Options {
  /** The issuer identifier (a URL without query or fragment). */
  readonly issuer: () => string;
  readonly clientToken: (input: { clientId: string; clientSecret: string; scopes: readonly string[] }) => Promise<Result<IssuedTokens, Unauthenticated | InvalidArgument>>;
  /** Public keys that verify our tokens. */
  readonly jwks: object;
  readonly now: () => Date;
}

const MAX_BODY_BYTES = 8 * 1024;

/**
 * The standard OAuth2 face of the client-credentials grant, for off-the-shelf client libraries:
 * POST /oauth2/token (RFC 6749 section 4.4; client authentication by HTTP Basic, or client_id and
 * client_secret in the form), authorization server metadata (RFC 8414) and the JWK set. Returns a
 * handler that answers these three paths and passes every other request to `next`.
 */
export function oauth2Endpoints<Q extends Request, S extends Response>(options: OAuth2Options, next: (req: Q, res: S) => void): (req: Q, res: S) => void {
  return (req, res) => {
    const path = (req.url ?? '').split('?', 1)[0];
    if (path === '/.well-known/oauth-authorization-server') return void json(res, 200, metadata(options.issuer()), 'public, max-age=300');
    if (path === '/.well-known/jwks.json') return void json(res, 200, options.jwks, 'public, max-age=300');
    if (path !== '/oauth2/token') return next(req, res);
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return void json(res, 405, { error: 'invalid_request', error_description: 'use POST' });
    }
    token(options, req, res).catch(() => {
      if (!res.headersSent) json(res, 500, { error: 'server_error' });
    });
  };
}

function metadata(issuer: string) {
  const base = issuer.replace(/\/+$/, '');
  return {
    issuer,
    token_endpoint: `${base}/oauth2/token`,
    jwks_uri: `${base}/.well-known/jwks.json`,
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    scopes_supported: [...SCOPES],
    // No authorization endpoint: no response type is served (RFC 8414 requires the member).
    response_types_supported: [],
  };
}

async function token(options: OAuth2Options, req: Request, res: Response): Promise<void> {
  const type = (req.headers['content-type'] ?? '').split(';', 1)[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return void json(res, 400, { error: 'invalid_request', error_description: 'the body must be application/x-www-form-urlencoded' });
  const body = await readBody(req);
  if (body === undefined) return void json(res, 413, { error: 'invalid_request', error_description: `the body is over ${MAX_BODY_BYTES} bytes` });
  const form = new URLSearchParams(body);
  for (const name of ['grant_type', 'scope', 'client_id', 'client_secret']) {
    if (form.getAll(name).length > 1) return void json(res, 400, { error: 'invalid_request', error_description: `${name} is repeated` });
  }
  const grant = form.get('grant_type');
  if (grant === null) return void json(res, 400, { error: 'invalid_request', error_description: 'grant_type is missing' });
  if (grant !== 'client_credentials') return void json(res, 400, { error: 'unsupported_grant_type', error_description: 'only client_credentials is served here' });

  const basic = basicCredentials(req.headers.authorization);
  if (basic === 'malformed') return void invalidClient(res, 'the Basic authorization header is malformed');
  const posted = form.get('client_id') !== null || form.get('client_secret') !== null;
  if (basic && posted) return void json(res, 400, { error: 'invalid_request', error_description: 'use one client authentication method, not two' });
  const clientId = basic ? basic.id : form.get('client_id');
  const clientSecret = basic ? basic.secret : form.get('client_secret');
  if (!clientId || !clientSecret) return void invalidClient(res, 'client authentication is missing');

  const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
  const issued = await options.clientToken({ clientId, clientSecret, scopes });
  if (!issued.ok) {
    if (issued.error.code === 'UNAUTHENTICATED') return void invalidClient(res, issued.error.reason);
    return void json(res, 400, { error: 'invalid_scope', error_description: issued.error.violations.map((v) => v.description).join('; ') });
  }
  const t = issued.value;
  json(res, 200, {
    access_token: t.accessToken,
    token_type: 'Bearer',
    expires_in: Math.max(0, Math.round((t.accessExpiresAt.getTime() - options.now().getTime()) / 1000)),
    scope: t.scopes.join(' '),
  });
}

/** RFC 6749 section 2.3.1: id and secret are form-urlencoded, then joined by ':' and base64 encoded. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | 'malformed' | undefined {
  if (header === undefined) return undefined;
  const match = /^Basic +([A-Za-z0-9+/]+=*) *$/i.exec(header);
  if (!match?.[1]) return 'malformed';
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  try {
    const decode = (part: string) => decodeURIComponent(part.replaceAll('+', ' '));
    return { id: decode(decoded.slice(0, colon)), secret: decode(decoded.slice(colon + 1)) };
  } catch {
    return 'malformed';
  }
}

function invalidClient(res: Response, description: string): void {
  res.setHeader('www-authenticate', 'Basic realm="hotel", charset="UTF-8"');
  json(res, 401, { error: 'invalid_client', error_description: description });
}

function json(res: Response, status: number, body: object, cache = 'no-store'): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.setHeader('cache-control', cache);
  if (cache === 'no-store') res.setHeader('pragma', 'no-cache');
  res.end(JSON.stringify(body));
}

function readBody(req: Request): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
