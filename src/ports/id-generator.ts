/**
 * Mints ids. Ids minted for a hotel (room types, reservations) route to the same database shard
 * as the hotel itself: the unit of work may be opened with any of them.
 */
export interface IdGenerator {
  hotelId(): string;
  roomTypeId(hotelId: string): string;
  ratePlanId(hotelId: string): string;
  reservationId(hotelId: string): string;
  eventId(): string;
  accountId(): string;
  /** An unguessable secret (at least 256 random bits), e.g. a new OAuth2 client secret. */
  secret(): string;
}
