// Hash routes, pure: parsed and built here, used by router.ts (and unit-tested without a DOM).

export interface Route {
  readonly path: string[];
  readonly query: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const [pathPart = '/', queryPart = ''] = raw.split('?', 2);
  return { path: pathPart.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(queryPart) };
}

export function href(path: string, query?: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return `#${path}${text ? `?${text}` : ''}`;
}

/** The sign-in route for guests or for hotel admins. */
export function signInPath(forAdmin: boolean): string {
  return forAdmin ? '/admin/sign-in' : '/sign-in';
}

/** Where to go after signing in: the `next` route if it is one of ours, else the default. */
export function afterSignIn(next: string | null, fallback: string): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : fallback;
}
