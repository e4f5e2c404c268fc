// List state that outlives the list view, so returning from the form or the 360 page keeps search,
// filters, sort and page.
import type { CustomerListQuery, CustomerSort } from '../bindings';
import { emptyFilter, filterToDto, type FilterState } from './filters';

export const PAGE_SIZE = 50;

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

/** A newly clicked column's first direction: dates and amounts newest or largest first. */
export function descendingFirst(sort: CustomerSort): boolean {
  return sort === 'updated_at' || sort === 'created_at' || sort === 'credit_limit';
}
