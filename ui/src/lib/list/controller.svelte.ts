// One controller behind every paged list view. The view keeps its query state in a `$state`
// object that outlives it (coming back from a record keeps search, filters, sort and page); the
// controller reloads whenever that query changes, and only the newest query's page is painted.
import { untrack } from 'svelte';
import type { CommandError } from '../bindings';
import { toCommandError } from '../ipc';
import { clampPage, pageCount, pageLoader, toggleSort, type PageOf, type SortState } from './paging';

export type ListController<T> = {
  /** The rows of the page shown (the previous page's stay until the next one arrives). */
  readonly items: T[];
  readonly total: number;
  readonly pages: number;
  /** The page shown, 0-based, within 0 … pages - 1. */
  readonly page: number;
  /** Whether a first page has arrived (before it there is nothing to call empty). */
  readonly loaded: boolean;
  readonly loading: boolean;
  /** How many answers have been painted; `cargo xtask bench --app` reads it (as the list's
   * `data-shown`) to know when a key press or a page change has its result on screen. */
  readonly shown: number;
  readonly error: CommandError | null;
  /** Ask again for the current query (retry, a periodic refresh). */
  reload(): void;
  goTo(page: number): void;
  /** Changes the query (a filter, the search) and goes back to the first page. */
  refine(change: () => void): void;
};

export function createListController<Q extends { page: number }, T>(opts: {
  /** The persistent query state; only its `page` is written here. */
  state: { page: number };
  /** Builds the query from the state; every state field it reads triggers a reload. */
  query: () => Q;
  fetch: (q: Q) => Promise<PageOf<T>>;
  pageSize: number;
  /** After a new page is painted (e.g. scroll the table back to the top). */
  onPage?: () => void;
}): ListController<T> {
  let result = $state.raw<PageOf<T> | null>(null);
  let loading = $state(false);
  let shown = $state(0);
  let error = $state<CommandError | null>(null);
  const pages = $derived(pageCount(result?.total ?? 0, opts.pageSize));

  const loader = pageLoader<Q, T>({
    fetch: opts.fetch,
    pageSize: opts.pageSize,
    onPage: (_q, page) => {
      result = page;
      shown += 1;
      error = null;
      opts.onPage?.();
    },
    onPastEnd: (last) => {
      opts.state.page = last;
    },
    onError: (err) => {
      error = toCommandError(err);
    },
    onBusy: (busy) => {
      loading = busy;
    },
  });

  $effect(() => {
    const q = opts.query();
    untrack(() => loader.load(q));
  });
  $effect(() => () => loader.close());

  return {
    get items() {
      return result?.items ?? [];
    },
    get total() {
      return result?.total ?? 0;
    },
    get pages() {
      return pages;
    },
    get page() {
      return clampPage(opts.state.page, pages);
    },
    get loaded() {
      return result !== null;
    },
    get loading() {
      return loading;
    },
    get shown() {
      return shown;
    },
    get error() {
      return error;
    },
    reload() {
      loader.load(opts.query());
    },
    goTo(page: number) {
      opts.state.page = clampPage(page, pages);
    },
    refine(change: () => void) {
      change();
      opts.state.page = 0;
    },
  };
}

/** A header click on a sortable list: toggles the sort and goes back to the first page. */
export function sortList<S extends string>(
  state: SortState<S> & { page: number },
  clicked: S,
  descendingFirst?: (sort: S) => boolean,
): void {
  const next = toggleSort(state, clicked, descendingFirst);
  state.sort = next.sort;
  state.descending = next.descending;
  state.page = 0;
}

/** Enter or Space on a focused row opens it, as a click does. */
export function openOnKey(event: KeyboardEvent, open: () => void): void {
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    open();
  }
}
