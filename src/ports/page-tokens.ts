/** What a page token carries: a position in a listing, as plain values. */
export type PagePosition = readonly (string | number)[];

/**
 * Opaque, tamper-evident page tokens. A token is bound to the listing it continues (`scope`: the
 * query and its filters), so a token altered, forged, or replayed against another query is refused
 * rather than silently starting somewhere else.
 */
export interface PageTokens {
  issue(scope: string, position: PagePosition): string;
  /** The position, or undefined when the token is malformed, altered, forged or issued for another scope. */
  read(scope: string, token: string): PagePosition | undefined;
}
