import type { EntityManager } from '@mikro-orm/postgresql';
import { normaliseEmail } from '../../core/access/principal.js';
import type { GuestDataEraser } from '../../ports/guest-data-eraser.js';

/** Anonymises a guest's reservations on every shard's primary (each shard in its own statement). */
export class PostgresGuestDataEraser implements GuestDataEraser {
  constructor(private readonly primaries: readonly EntityManager[]) {}

  async anonymiseGuest(email: string, anonymous: { readonly name: string; readonly email: string }): Promise<number> {
    const counts = await Promise.all(
      this.primaries.map(async (em) => {
        const rows = await em
          .fork()
          .execute<{ id: string }[]>('update reservations set guest_name = ?, guest_email = ? where lower(guest_email) = ? returning id', [anonymous.name, anonymous.email, normaliseEmail(email)]);
        return rows.length;
      }),
    );
    return counts.reduce((a, b) => a + b, 0);
  }
}
