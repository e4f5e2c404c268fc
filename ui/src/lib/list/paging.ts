// The logic every paged list shares: how many pages, where a page past the end goes, how a
// header click changes the sort, and the loader that keeps one request in flight and paints only
// the newest query's answer (no debounce: a key press asks at once, a stale answer is dropped).
import type { MessageKey } from '../i18n';
import { latestOnly } from '../search';

/** At least one page, so "page 1 of 1" shows for an empty list. */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / Math.max(1, pageSize)));
}

/** The last page when `page` lies past it (e.g. the last row of the last page was deleted), else null. */
export function pastEnd(page: number, total: number, pageSize: number): number | null {
  const last = pageCount(total, pageSize) - 1;
  return page > last ? last : null;
}

/** A page index kept within 0 … pages - 1. */
export function clampPage(page: number, pages: number): number {
  return Math.min(Math.max(0, page), Math.max(0, pages - 1));
}

/** A column of a list's header; `optional` ones are hidden in narrow windows. */
export type ListColumn<S extends string> = {
  key: string;
  label: MessageKey;
  sort?: S | null;
  numeric?: boolean;
  optional?: boolean;
  title?: MessageKey;
};

export type SortState<S extends string> = { sort: S; descending: boolean };

/** A header click: the same column flips; another one starts in its natural direction. */
export function toggleSort<S extends string>(
  current: SortState<S>,
  clicked: S,
  descendingFirst: (sort: S) => boolean = () => false,
): SortState<S> {
  if (current.sort === clicked) return { sort: clicked, descending: !current.descending };
  return { sort: clicked, descending: descendingFirst(clicked) };
}

export function ariaSort<S extends string>(current: SortState<S>, sort: S | null | undefined): 'ascending' | 'descending' | 'none' | undefined {
  if (!sort) return undefined;
  if (current.sort !== sort) return 'none';
  return current.descending ? 'descending' : 'ascending';
}

export type PageOf<T> = { items: T[]; total: number };

export type PageLoader<Q> = {
  /** Ask for `q` now, or as soon as the request in flight returns (which is then dropped). */
  load(q: Q): void;
  /** Ignore every answer from now on (the view closed). */
  close(): void;
};

/**
 * Loads pages of a list. `onPage` gets only the newest query's answer; an answer for a page past
 * the end goes to `onPastEnd` with the last page instead (the caller asks for that one), and
 * `onBusy` says whether an answer is still awaited.
 */
export function pageLoader<Q extends { page: number }, T>(opts: {
  fetch: (q: Q) => Promise<PageOf<T>>;
  pageSize: number;
  onPage: (q: Q, page: PageOf<T>) => void;
  onPastEnd: (last: number) => void;
  onError: (err: unknown) => void;
  onBusy: (busy: boolean) => void;
}): PageLoader<Q> {
  const loader = latestOnly<Q, PageOf<T>>(
    opts.fetch,
    (q, page) => {
      const last = pastEnd(q.page, page.total, opts.pageSize);
      if (last !== null) {
        opts.onPastEnd(last);
        return;
      }
      opts.onBusy(false);
      opts.onPage(q, page);
    },
    (_q, err) => {
      opts.onBusy(false);
      opts.onError(err);
    },
  );
  return {
    load(q: Q): void {
      opts.onBusy(true);
      loader.set(q);
    },
    close(): void {
      loader.close();
    },
  };
}
