import type { Violations } from '../shared/errors.js';

/** Page sizes of the admin listings: 0 asks for the default. */
export const PAGE_LIMITS = { defaultPageSize: 20, maxPageSize: 100 } as const;

export function checkPageSize(pageSize: number, v: Violations): number {
  v.require(
    Number.isInteger(pageSize) && pageSize >= 0 && pageSize <= PAGE_LIMITS.maxPageSize,
    'page_size',
    `must be from 0 to ${PAGE_LIMITS.maxPageSize} (0: ${PAGE_LIMITS.defaultPageSize})`,
  );
  return pageSize || PAGE_LIMITS.defaultPageSize;
}

export const BAD_PAGE_TOKEN = 'is not a token this listing issued for these filters (altered, truncated or from another query)';
