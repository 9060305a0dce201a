import { BAD_PAGE_TOKEN, checkPageSize } from './paging.js';
import type { Hotel } from '../hotel/hotel.js';
import { Violations, type InvalidArgument } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import type { HotelDirectory, HotelScope } from '../../ports/hotel-directory.js';
import type { PageTokens } from '../../ports/page-tokens.js';

export interface ListHotelsQuery {
  readonly scope: HotelScope;
  /** Deleted hotels too (with status INACTIVE). */
  readonly includeInactive: boolean;
  /** 0: the default. */
  readonly pageSize: number;
  /** Empty: the first page. */
  readonly pageToken: string;
}

export interface HotelsPage {
  readonly hotels: readonly Hotel[];
  /** Empty on the last page. */
  readonly nextPageToken: string;
}

/** The hotels the caller manages, page by page in id order. */
export class ListHotels {
  constructor(private readonly deps: { readonly directory: HotelDirectory; readonly pageTokens: PageTokens }) {}

  async execute(q: ListHotelsQuery): Promise<Result<HotelsPage, InvalidArgument>> {
    const v = new Violations();
    const limit = checkPageSize(q.pageSize, v);
    const scope = JSON.stringify(['hotels', q.scope, q.includeInactive]);
    let afterId: string | undefined;
    if (q.pageToken !== '') {
      const position = this.deps.pageTokens.read(scope, q.pageToken);
      const [id] = position ?? [];
      if (position?.length === 1 && typeof id === 'string') afterId = id;
      else v.add('page_token', BAD_PAGE_TOKEN);
    }
    if (!v.isEmpty) return err(v.toError());
    const page = await this.deps.directory.listHotels({ scope: q.scope, includeInactive: q.includeInactive, limit, ...(afterId === undefined ? {} : { afterId }) });
    return ok({
      hotels: page.hotels,
      nextPageToken: page.nextAfterId === undefined ? '' : this.deps.pageTokens.issue(scope, [page.nextAfterId]),
    });
  }
}
