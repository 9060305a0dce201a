import { useState, type FormEvent } from 'react';
import type { Profile } from '../../../src/gen/hotel/v1/auth_service_pb.js';
import { auth, profileChanged, signOut } from '../api.js';
import { fieldError, unplacedViolations } from '../lib/errors.js';
import { href, navigate, type Route } from '../router.js';
import { useSession } from '../session.js';
import { ErrorBanner, Field, Loading, useAsync, useSubmit } from '../ui.js';

/** The signed-in account: name, phone, notification preferences; deleting the account. */
export function ProfilePage({ route }: { route: Route }) {
  const session = useSession();
  const [loaded] = useAsync(async () => (session ? (await auth.getProfile({})).profile : undefined), [session?.email]);
  if (route.query.get('deleted') === '1') {
    return (
      <section className="narrow">
        <h1>Account deleted</h1>
        <p className="success" role="status">
          Your account is deleted and you are signed out. <a href={href('/')}>Search hotels</a>
        </p>
      </section>
    );
  }
  if (!session)
    return (
      <p className="notice" role="status">
        You are signed out. <a href={href('/sign-in', { next: '/profile' })}>Sign in</a>
      </p>
    );
  if (loaded.state === 'loading') return <Loading what="your profile" />;
  if (loaded.state === 'error') return <ErrorBanner error={loaded.error} />;
  const profile = loaded.value;
  if (!profile) return null;
  return (
    <section aria-labelledby="profile-title" className="narrow">
      <h1 id="profile-title">Your profile</h1>
      <p className="muted">
        {profile.email} · {profile.role === 'admin' ? `hotel admin of ${profile.hotelIds.length} hotel(s)` : 'guest'}
      </p>
      <ProfileForm key={profile.accountId} profile={profile} />
      <DeleteAccount />
    </section>
  );
}

function ProfileForm({ profile }: { profile: Profile }) {
  const [form, setForm] = useState({ name: profile.name, phone: profile.phone, email: profile.preferences?.email ?? false, sms: profile.preferences?.sms ?? false });
  const [saved, setSaved] = useState(false);
  const submit = useSubmit();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    void submit.run(async () => {
      const response = await auth.updateProfile({ name: form.name.trim(), phone: form.phone.trim(), preferences: { email: form.email, sms: form.sms } });
      profileChanged(response.profile);
      setSaved(true);
    });
  };
  const e = submit.error;
  return (
    <form className="card" onSubmit={onSubmit} noValidate aria-label="Profile">
      <Field label="Full name" name="name" autoComplete="name" value={form.name} error={fieldError(e, 'name')} onChange={(ev) => setForm({ ...form, name: ev.target.value })} />
      <Field label="Phone" name="phone" type="tel" autoComplete="tel" value={form.phone} error={fieldError(e, 'phone')} onChange={(ev) => setForm({ ...form, phone: ev.target.value })} />
      <fieldset className="checks">
        <legend>Notifications about my bookings</legend>
        <label>
          <input type="checkbox" checked={form.email} onChange={(ev) => setForm({ ...form, email: ev.target.checked })} /> By email
        </label>
        <label>
          <input type="checkbox" checked={form.sms} onChange={(ev) => setForm({ ...form, sms: ev.target.checked })} /> By text message
        </label>
      </fieldset>
      <ErrorBanner error={e} extra={unplacedViolations(e, ['name', 'phone'])} />
      {saved && (
        <p className="success" role="status">
          Profile saved.
        </p>
      )}
      <button type="submit" disabled={submit.busy}>
        {submit.busy ? 'Saving…' : 'Save profile'}
      </button>
    </form>
  );
}

function DeleteAccount() {
  const [asking, setAsking] = useState(false);
  const submit = useSubmit();
  const confirm = () =>
    void submit.run(async () => {
      await auth.deleteAccount({});
      signOut();
      navigate('/profile', { deleted: '1' });
    });
  return (
    <div className="card">
      <h2>Delete account</h2>
      <p className="small muted">Your account and sign-in are removed. Past reservations are kept for the hotel, without your name and contact details.</p>
      {asking ? (
        <div role="alertdialog" aria-labelledby="delete-title" className="penalty">
          <h3 id="delete-title">Delete your account for good?</h3>
          <ErrorBanner error={submit.error} />
          <div className="actions">
            <button type="button" className="danger" onClick={confirm} disabled={submit.busy}>
              {submit.busy ? 'Deleting…' : 'Delete my account'}
            </button>
            <button type="button" className="secondary" onClick={() => setAsking(false)}>
              Keep my account
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="danger secondary" onClick={() => setAsking(true)}>
          Delete account…
        </button>
      )}
    </div>
  );
}
