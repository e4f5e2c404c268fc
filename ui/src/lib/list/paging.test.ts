import { describe, expect, it } from 'vitest';
import { ariaSort, clampPage, pageCount, pageLoader, pastEnd, toggleSort, type PageOf } from './paging';

type Q = { page: number; search: string };
type Call = { q: Q; resolve: (p: PageOf<string>) => void; reject: (e: unknown) => void };

function harness(pageSize = 2) {
  const calls: Call[] = [];
  const painted: Array<[Q, string[]]> = [];
  const pastEnds: number[] = [];
  const errors: unknown[] = [];
  const busy: boolean[] = [];
  const loader = pageLoader<Q, string>({
    fetch: (q) => new Promise((resolve, reject) => calls.push({ q, resolve, reject })),
    pageSize,
    onPage: (q, p) => painted.push([q, p.items]),
    onPastEnd: (last) => pastEnds.push(last),
    onError: (e) => errors.push(e),
    onBusy: (b) => busy.push(b),
  });
  return { loader, calls, painted, pastEnds, errors, busy };
}

const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('pageCount and clamping', () => {
  it('counts at least one page', () => {
    expect(pageCount(0, 50)).toBe(1);
    expect(pageCount(50, 50)).toBe(1);
    expect(pageCount(51, 50)).toBe(2);
    expect(pageCount(120, 50)).toBe(3);
    expect(pageCount(3, 0)).toBe(3);
  });

  it('sends a page past the end to the last page', () => {
    expect(pastEnd(2, 100, 50)).toBe(1);
    expect(pastEnd(3, 0, 50)).toBe(0);
    expect(pastEnd(1, 100, 50)).toBeNull();
    expect(pastEnd(0, 0, 50)).toBeNull();
  });

  it('keeps a page within the pages there are', () => {
    expect(clampPage(-1, 3)).toBe(0);
    expect(clampPage(5, 3)).toBe(2);
    expect(clampPage(1, 3)).toBe(1);
    expect(clampPage(4, 0)).toBe(0);
  });
});

describe('sorting', () => {
  it('flips the same column and starts another in its natural direction', () => {
    expect(toggleSort({ sort: 'name', descending: false }, 'name')).toEqual({ sort: 'name', descending: true });
    expect(toggleSort({ sort: 'name', descending: true }, 'code')).toEqual({ sort: 'code', descending: false });
    const datesDown = (s: string): boolean => s === 'updated_at';
    expect(toggleSort({ sort: 'name', descending: false }, 'updated_at', datesDown)).toEqual({ sort: 'updated_at', descending: true });
    expect(toggleSort({ sort: 'updated_at', descending: true }, 'updated_at', datesDown)).toEqual({ sort: 'updated_at', descending: false });
  });

  it('tells assistive technology which column sorts which way', () => {
    expect(ariaSort({ sort: 'name', descending: false }, 'name')).toBe('ascending');
    expect(ariaSort({ sort: 'name', descending: true }, 'name')).toBe('descending');
    expect(ariaSort({ sort: 'name', descending: true }, 'code')).toBe('none');
    expect(ariaSort({ sort: 'name', descending: true }, null)).toBeUndefined();
  });
});

describe('pageLoader', () => {
  it('paints the answer to the current query', async () => {
    const { loader, calls, painted, busy } = harness();
    loader.load({ page: 0, search: '' });
    calls[0]?.resolve({ items: ['a', 'b'], total: 2 });
    await flush();
    expect(painted).toEqual([[{ page: 0, search: '' }, ['a', 'b']]]);
    expect(busy).toEqual([true, false]);
  });

  it('keeps one request in flight, drops the stale answer and sends the latest query', async () => {
    const { loader, calls, painted, busy } = harness();
    loader.load({ page: 0, search: 'h' });
    loader.load({ page: 0, search: 'hw' });
    loader.load({ page: 0, search: 'hwx' });
    expect(calls.map((c) => c.q.search)).toEqual(['h']);
    calls[0]?.resolve({ items: ['stale'], total: 1 });
    await flush();
    expect(painted).toEqual([]);
    // "hw" was overtaken while waiting: only the newest query goes out
    expect(calls.map((c) => c.q.search)).toEqual(['h', 'hwx']);
    expect(busy.at(-1)).toBe(true);
    calls[1]?.resolve({ items: ['fresh'], total: 1 });
    await flush();
    expect(painted).toEqual([[{ page: 0, search: 'hwx' }, ['fresh']]]);
    expect(busy.at(-1)).toBe(false);
  });

  it('drops an older answer that arrives after a newer query was sent', async () => {
    const { loader, calls, painted, errors } = harness();
    loader.load({ page: 0, search: 'a' });
    loader.load({ page: 1, search: 'a' });
    calls[0]?.reject(new Error('old'));
    await flush();
    expect(errors).toEqual([]);
    expect(calls).toHaveLength(2);
    calls[1]?.resolve({ items: ['c'], total: 3 });
    await flush();
    expect(painted).toEqual([[{ page: 1, search: 'a' }, ['c']]]);
  });

  it('reports a page past the end instead of painting it', async () => {
    const { loader, calls, painted, pastEnds, busy } = harness();
    loader.load({ page: 3, search: '' });
    calls[0]?.resolve({ items: [], total: 3 });
    await flush();
    expect(painted).toEqual([]);
    expect(pastEnds).toEqual([1]);
    // still busy: the caller asks for the last page next
    expect(busy.at(-1)).toBe(true);
  });

  it('reports errors of the current query and goes idle', async () => {
    const { loader, calls, errors, busy } = harness();
    loader.load({ page: 0, search: '' });
    calls[0]?.reject(new Error('db'));
    await flush();
    expect(errors).toHaveLength(1);
    expect(busy.at(-1)).toBe(false);
  });

  it('ignores answers after close', async () => {
    const { loader, calls, painted } = harness();
    loader.load({ page: 0, search: '' });
    loader.close();
    calls[0]?.resolve({ items: ['x'], total: 1 });
    await flush();
    expect(painted).toEqual([]);
  });
});
