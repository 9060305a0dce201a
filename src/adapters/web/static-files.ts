import { readFile, stat } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import path from 'node:path';

/** What this handler uses of Node's HTTP/1.1 and HTTP/2 compatibility request and response. */
interface Request {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly headers: IncomingHttpHeaders;
}
interface Response {
  statusCode: number;
  readonly headersSent: boolean;
  setHeader(name: string, value: string): unknown;
  end(body?: string | Uint8Array): unknown;
  destroy(): unknown;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/**
 * Serves the built web app (web/dist) for every request the Connect router does not claim:
 * GET and HEAD of files under `root`, and index.html for any other GET that asks for HTML, so a
 * reload of a client-side route still opens the app. Hashed files under /assets/ are cached for
 * good; index.html, the service worker and the manifest are revalidated on every load, so a new
 * deployment reaches users at their next visit.
 */
export function staticFiles(root: string): (req: Request, res: Response) => void {
  const base = path.resolve(root);
  return (req, res) => {
    void serve(base, req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error');
      else res.destroy();
    });
  };
}

async function serve(base: string, req: Request, res: Response): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 404, 'text/plain; charset=utf-8', 'not found');
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  } catch {
    return send(res, 400, 'text/plain; charset=utf-8', 'bad request');
  }
  const file = path.resolve(base, `.${pathname}`);
  // A path that leaves the root (../, encoded or not) is never read.
  if (file !== base && !file.startsWith(base + path.sep)) return send(res, 404, 'text/plain; charset=utf-8', 'not found');
  const found = await fileAt(file);
  if (found) return stream(req, res, found, pathname.startsWith('/assets/'));
  const wantsHtml = (req.headers['accept'] ?? '').includes('text/html');
  const index = await fileAt(path.join(base, 'index.html'));
  if (wantsHtml && index) return stream(req, res, index, false);
  return send(res, 404, 'text/plain; charset=utf-8', index ? 'not found' : 'the web app is not built: run `npm run build:web`');
}

async function fileAt(file: string): Promise<{ file: string; size: number } | undefined> {
  const info = await stat(file).catch(() => undefined);
  if (info?.isFile()) return { file, size: info.size };
  if (info?.isDirectory()) return fileAt(path.join(file, 'index.html'));
  return undefined;
}

async function stream(req: Request, res: Response, found: { file: string; size: number }, immutable: boolean): Promise<void> {
  head(res, 200, {
    'content-type': TYPES[path.extname(found.file)] ?? 'application/octet-stream',
    'content-length': String(found.size),
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  // The app's files are small (the largest bundle is a few hundred kilobytes): read, then send.
  if (req.method === 'HEAD') return void res.end();
  res.end(await readFile(found.file));
}

function send(res: Response, status: number, type: string, body: string): void {
  head(res, status, { 'content-type': type, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

/** Status and headers through the API HTTP/1.1 and HTTP/2 responses share (their writeHead overloads differ). */
function head(res: Response, status: number, headers: Readonly<Record<string, string>>): void {
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
}
