import type { Violations } from '../shared/errors.js';

// Deliberately simple: one @, no spaces, a dot in the domain. Deliverability is the mail server's call.
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

/** Checks a guest's name and email, returning them trimmed. */
export function checkGuestContact(
  name: string,
  email: string,
  fields: { readonly name: string; readonly email: string },
  v: Violations,
): { name: string; email: string } {
  const trimmedName = name.trim();
  const trimmedEmail = email.trim();
  v.require(trimmedName.length >= 1 && trimmedName.length <= 200, fields.name, 'must be 1-200 characters');
  v.require(trimmedEmail.length <= 254 && EMAIL.test(trimmedEmail), fields.email, 'must be an email address such as guest@example.com');
  return { name: trimmedName, email: trimmedEmail };
}
