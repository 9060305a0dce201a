import type { Hotel } from '../core/hotel/hotel.js';

/** Whose hotels a listing covers: every hotel (operators), or the ones an admin is bound to. */
export type HotelScope = { readonly kind: 'all' } | { readonly kind: 'only'; readonly hotelIds: readonly string[] };

export interface HotelListQuery {
  readonly scope: HotelScope;
  readonly includeInactive: boolean;
  readonly limit: number;
  /** Start strictly after this hotel id (ids compare by code unit, as in JavaScript). */
  readonly afterId?: string;
}

export interface HotelListPage {
  readonly hotels: readonly Hotel[];
  /** Id of the last hotel of the page when more follow; absent on the last page. */
  readonly nextAfterId?: string;
}

/**
 * Hotels across every database shard, in id order, read outside any transaction (a snapshot that
 * may lag a change just made). Keyset paging: a hotel appears on at most one page of a walk.
 */
export interface HotelDirectory {
  listHotels(query: HotelListQuery): Promise<HotelListPage>;
}
