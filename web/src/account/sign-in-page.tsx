import { useState, type FormEvent } from 'react';
import { Code } from '@connectrpc/connect';
import { auth, startSession } from '../api.js';
import { fieldError, unplacedViolations, type DecodedError } from '../lib/errors.js';
import { afterSignIn, signInPath } from '../lib/routes.js';
import { href, navigate, type Route } from '../router.js';
import { ErrorBanner, Field, useSubmit } from '../ui.js';

/**
 * Sign-in, for guests (`#/sign-in`) and hotel admins (`#/admin/sign-in`): the same SignIn RPC, the
 * profile's role says which the account is. `next` is the route to go back to.
 */
export function SignInPage({ route, forAdmin }: { route: Route; forAdmin: boolean }) {
  const [form, setForm] = useState({ email: '', password: '' });
  const submit = useSubmit();
  const next = route.query.get('next');
  const expired = route.query.get('expired') === '1';
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => {
      const { profile, tokens } = await auth.signIn({ email: form.email.trim(), password: form.password });
      const role = profile?.role ?? '';
      if (forAdmin !== (role === 'admin')) {
        // The tokens are dropped unused: the session stays as it was.
        const error: DecodedError = {
          message: forAdmin ? 'This is a guest account, not a hotel admin account.' : 'This is a hotel admin account: use the hotel admin sign-in.',
          fields: {},
          reason: undefined,
          code: Code.PermissionDenied,
          serverMessage: '',
        };
        submit.setError(error);
        return;
      }
      startSession(profile, tokens);
      navigate(afterSignIn(next, forAdmin ? '/admin' : '/'));
    });
  };
  // A refused sign-in is UNAUTHENTICATED too: show the server's wording, not "please sign in".
  const e = submit.error?.code === Code.Unauthenticated ? { ...submit.error, message: capitalise(submit.error.serverMessage || 'Wrong email or password.') } : submit.error;
  const title = forAdmin ? 'Hotel admin sign-in' : 'Sign in';
  return (
    <section aria-labelledby="sign-in-title" className="narrow">
      <h1 id="sign-in-title">{title}</h1>
      {expired && (
        <p className="notice" role="status">
          Your session has ended. Please sign in again.
        </p>
      )}
      <form className="card" onSubmit={onSubmit} noValidate aria-label={title}>
        <Field label="Email" name="email" type="email" autoComplete="username" value={form.email} error={fieldError(e, 'email')} onChange={(ev) => setForm({ ...form, email: ev.target.value })} />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={form.password}
          error={fieldError(e, 'password')}
          onChange={(ev) => setForm({ ...form, password: ev.target.value })}
        />
        <ErrorBanner error={e} extra={unplacedViolations(e, ['email', 'password'])} offerSignIn={false} />
        <button type="submit" disabled={submit.busy}>
          {submit.busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {forAdmin ? (
        <p className="muted">
          Booking a stay? <a href={href(signInPath(false), { next: next ?? undefined })}>Guest sign-in</a>
        </p>
      ) : (
        <p>
          No account yet? <a href={href('/sign-up', { next: next ?? undefined })}>Create one</a>
          <span className="muted"> · Hotel staff: <a href={href(signInPath(true))}>hotel admin sign-in</a></span>
        </p>
      )}
    </section>
  );
}

/** A new guest account (SignUp), signed in straight away. */
export function SignUpPage({ route }: { route: Route }) {
  const [form, setForm] = useState({ name: '', email: '', phone: '', password: '' });
  const submit = useSubmit();
  const next = route.query.get('next');
  const set = (key: keyof typeof form) => (ev: { target: { value: string } }) => setForm({ ...form, [key]: ev.target.value });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => {
      const { profile, tokens } = await auth.signUp({ name: form.name.trim(), email: form.email.trim(), phone: form.phone.trim(), password: form.password });
      startSession(profile, tokens);
      navigate(afterSignIn(next, '/'));
    });
  };
  const e = submit.error;
  return (
    <section aria-labelledby="sign-up-title" className="narrow">
      <h1 id="sign-up-title">Create an account</h1>
      <form className="card" onSubmit={onSubmit} noValidate aria-label="Create an account">
        <Field label="Full name" name="name" autoComplete="name" value={form.name} error={fieldError(e, 'name')} onChange={set('name')} />
        <Field label="Email" name="email" type="email" autoComplete="email" value={form.email} error={fieldError(e, 'email')} onChange={set('email')} />
        <Field label="Phone (optional)" name="phone" type="tel" autoComplete="tel" value={form.phone} error={fieldError(e, 'phone')} onChange={set('phone')} />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          hint="at least 10 characters"
          value={form.password}
          error={fieldError(e, 'password')}
          onChange={set('password')}
        />
        <ErrorBanner error={e} extra={unplacedViolations(e, ['name', 'email', 'phone', 'password'])} />
        <button type="submit" disabled={submit.busy}>
          {submit.busy ? 'Creating…' : 'Create account'}
        </button>
      </form>
      <p>
        Already have an account? <a href={href(signInPath(false), { next: next ?? undefined })}>Sign in</a>
      </p>
    </section>
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
