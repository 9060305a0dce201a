import { useCallback, useEffect, useId, useRef, useState, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';
import { Code } from '@connectrpc/connect';
import { decodeError, type DecodedError } from './lib/errors.js';
import { href, signInPath } from './lib/routes.js';

/** A labelled input with its error right below it, announced to screen readers. */
export function Field(props: { label: string; error?: string | undefined; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const { label, error, hint, className, ...input } = props;
  const id = useId();
  const described = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field${error ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={described || undefined} {...input} />
      {hint && <small id={`${id}-hint`} className="hint">{hint}</small>}
      {error && (
        <small id={`${id}-error`} className="field-error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}

export function SelectField(props: { label: string; error?: string | undefined; children: ReactNode } & SelectHTMLAttributes<HTMLSelectElement>) {
  const { label, error, children, ...select } = props;
  const id = useId();
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...select}>
        {children}
      </select>
      {error && (
        <small id={`${id}-error`} className="field-error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

export function ErrorBanner({ error, extra, offerSignIn = true }: { error: DecodedError | undefined; extra?: readonly string[]; offerSignIn?: boolean }) {
  if (!error) return null;
  return (
    <div className="error-banner" role="alert">
      <p>{error.message}</p>
      {error.code === Code.Unauthenticated && offerSignIn && <SignInLink />}
      {error.code === Code.PermissionDenied && error.serverMessage && <p className="small">{error.serverMessage}</p>}
      {extra && extra.length > 0 && (
        <ul>
          {extra.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export type Async<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly error: DecodedError }
  | { readonly state: 'ready'; readonly value: T };

/**
 * Runs `load` whenever `deps` change; ignores answers to superseded requests. The returned reload
 * keeps showing the current value until the new one arrives, so forms below it stay mounted.
 */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): [Async<T>, () => void] {
  const [result, setResult] = useState<Async<T>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  const run = useCallback(load, deps);
  const lastRun = useRef(run);
  useEffect(() => {
    let current = true;
    if (lastRun.current !== run) setResult({ state: 'loading' });
    lastRun.current = run;
    run().then(
      (value) => current && setResult({ state: 'ready', value }),
      (error: unknown) => current && setResult({ state: 'error', error: decodeError(error) }),
    );
    return () => {
      current = false;
    };
  }, [run, generation]);
  return [result, () => setGeneration((g) => g + 1)];
}

/** Submit handling for a form: busy flag, decoded error, and a wrapper that clears and sets them. */
export function useSubmit(): {
  busy: boolean;
  error: DecodedError | undefined;
  setError: (error: DecodedError | undefined) => void;
  run: (action: () => Promise<void>) => Promise<void>;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<DecodedError | undefined>();
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (caught) {
      setError(decodeError(caught));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}

/** Sign-in link that comes back to the current route. */
function SignInLink() {
  const here = window.location.hash.replace(/^#/, '') || '/';
  return (
    <p>
      <a href={href(signInPath(here.startsWith('/admin')), { next: here })}>Sign in</a>
    </p>
  );
}
