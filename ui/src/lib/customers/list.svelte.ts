// List state that outlives the list view, so returning from the form or the 360 page keeps search,
// filters, sort and page.
import type { CustomerListQuery, CustomerSort } from '../bindings';
import { emptyFilter, filterToDto, type FilterState } from './filters';

export const PAGE_SIZE = 50;
export const SEARCH_DEBOUNCE_MS = 150;
export const FILTER_DEBOUNCE_MS = 250;

/** The columns the user can sort by, with the sort key the backend understands. */
export const SORTABLE: ReadonlyArray<CustomerSort> = ['code', 'name', 'city', 'credit_limit', 'updated_at'];

export const listState = $state({
  search: '',
  sort: 'updated_at' as CustomerSort,
  descending: true,
  page: 0,
  filter: emptyFilter() as FilterState,
  /** The saved segment being shown, if any (its filter was copied into `filter`). */
  segmentId: null as string | null,
  /** Whether the filter bar is open. */
  filtersOpen: false,
});

export function buildQuery(s: {
  search: string;
  sort: CustomerSort;
  descending: boolean;
  page: number;
  filter?: FilterState;
}): CustomerListQuery {
  const search = s.search.trim();
  return {
    page: s.page,
    page_size: PAGE_SIZE,
    sort: s.sort,
    descending: s.descending,
    search: search === '' ? null : search,
    filter: filterToDto(s.filter ?? emptyFilter()),
  };
}

/** Clicking a header: a new column sorts ascending (dates and amounts descending); the same column flips. */
export function nextSort(
  current: { sort: CustomerSort; descending: boolean },
  clicked: CustomerSort,
): { sort: CustomerSort; descending: boolean } {
  if (current.sort === clicked) return { sort: clicked, descending: !current.descending };
  return { sort: clicked, descending: clicked === 'updated_at' || clicked === 'created_at' || clicked === 'credit_limit' };
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / Math.max(1, pageSize)));
}
