import type { EntityManager } from '@mikro-orm/postgresql';
import { normaliseEmail } from '../../core/access/principal.js';
import type { GuestDataEraser } from '../../ports/guest-data-eraser.js';
import type { PiiProtector } from '../../ports/pii-protector.js';

/**
 * Anonymises a guest's reservations on every shard's primary (one statement per shard): rows are
 * found by the email's blind index (or, for rows not yet sealed by `npm run pii:rotate`, by the
 * plaintext email) and get a sealed placeholder name and email.
 */
export class PostgresGuestDataEraser implements GuestDataEraser {
  constructor(
    private readonly primaries: readonly EntityManager[],
    private readonly pii: PiiProtector,
  ) {}

  async anonymiseGuest(email: string, anonymous: { readonly name: string; readonly email: string }): Promise<number> {
    const index = this.pii.emailIndex(normaliseEmail(email));
    const counts = await Promise.all(
      this.primaries.map(async (em) => {
        const rows = await em.fork().execute<{ id: string }[]>(
          `update reservations set guest_name = ?, guest_email = ?, guest_email_index = ?
           where guest_email_index = ? or (guest_email_index is null and lower(guest_email) = ?) returning id`,
          [this.pii.seal(anonymous.name), this.pii.seal(anonymous.email), this.pii.emailIndex(normaliseEmail(anonymous.email)), index, normaliseEmail(email)],
        );
        return rows.length;
      }),
    );
    return counts.reduce((a, b) => a + b, 0);
  }
}
