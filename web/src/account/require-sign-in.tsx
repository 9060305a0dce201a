import type { ReactNode } from 'react';
import { signInPath } from '../lib/routes.js';
import { href } from '../router.js';
import { useSession, type Session } from '../session.js';

/**
 * Renders `children` for a signed-in account of the given role; otherwise says why not, with a
 * sign-in link that comes back here. The server enforces the same rules: this only spares a
 * round trip that would end in UNAUTHENTICATED or PERMISSION_DENIED.
 */
export function RequireSignIn({ role, children }: { role: 'guest' | 'admin'; children: (session: Session) => ReactNode }) {
  const session = useSession();
  const here = window.location.hash.replace(/^#/, '') || '/';
  if (!session) {
    return (
      <section className="narrow">
        <h1>{role === 'admin' ? 'Hotel admin' : 'Sign in to continue'}</h1>
        <p className="notice" role="status">
          {role === 'admin' ? 'Hotel admins sign in to manage their hotels.' : 'Please sign in to see this page.'}{' '}
          <a href={href(signInPath(role === 'admin'), { next: here })}>Sign in</a>
          {role === 'guest' && (
            <>
              {' '}
              or <a href={href('/sign-up', { next: here })}>create an account</a>
            </>
          )}
        </p>
      </section>
    );
  }
  if (session.role !== role) {
    return (
      <div className="error-banner" role="alert">
        <p>{role === 'admin' ? 'This page is for hotel admins; you are signed in as a guest.' : 'This page is for guests; you are signed in as a hotel admin.'}</p>
        <p>
          <a href={href(signInPath(role === 'admin'), { next: here })}>Sign in with another account</a>
        </p>
      </div>
    );
  }
  return <>{children(session)}</>;
}

