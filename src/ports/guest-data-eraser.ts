/**
 * Erases a guest's personal data from the reservations booked under an email, on every shard:
 * the reservations stay (the hotel's books need them) with the guest anonymised.
 */
export interface GuestDataEraser {
  /** Returns how many reservations were anonymised. Idempotent. */
  anonymiseGuest(email: string, anonymous: { readonly name: string; readonly email: string }): Promise<number>;
}
