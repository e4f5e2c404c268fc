import { describe, expect, it } from 'vitest';
import { buildQuery, nextSort, PAGE_SIZE, pageCount } from './list.svelte';
import { emptyFilter } from './filters';

describe('list query', () => {
  it('sends a null search when empty and trims it otherwise', () => {
    expect(buildQuery({ search: '  ', sort: 'name', descending: false, page: 0 })).toEqual({
      page: 0,
      page_size: PAGE_SIZE,
      sort: 'name',
      descending: false,
      search: null,
      filter: {
        tags: [],
        channels: [],
        payment_methods: [],
        country: null,
        province: null,
        city: null,
        scope: null,
        lifecycles: [],
        owners: [],
      },
    });
    expect(buildQuery({ search: ' 华为 ', sort: 'code', descending: true, page: 2 }).search).toBe('华为');
    expect(PAGE_SIZE).toBe(50);
  });

  it('keeps the search working together with filters', () => {
    const filter = { ...emptyFilter(), channels: ['distributor'], province: ' 广东 ' };
    const q = buildQuery({ search: 'hw', sort: 'name', descending: false, page: 1, filter });
    expect(q.search).toBe('hw');
    expect(q.filter.channels).toEqual(['distributor']);
    expect(q.filter.province).toBe('广东');
    expect(q.page).toBe(1);
  });

  it('flips the direction on the same column and picks a natural one on a new column', () => {
    expect(nextSort({ sort: 'name', descending: false }, 'name')).toEqual({ sort: 'name', descending: true });
    expect(nextSort({ sort: 'name', descending: true }, 'code')).toEqual({ sort: 'code', descending: false });
    expect(nextSort({ sort: 'name', descending: false }, 'updated_at')).toEqual({ sort: 'updated_at', descending: true });
  });

  it('counts pages, at least one', () => {
    expect(pageCount(0, 50)).toBe(1);
    expect(pageCount(50, 50)).toBe(1);
    expect(pageCount(51, 50)).toBe(2);
    expect(pageCount(120, 50)).toBe(3);
  });
});
