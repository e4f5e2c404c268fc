import { describe, expect, it } from 'vitest';
import { buildQuery, descendingFirst, PAGE_SIZE } from './list.svelte';
import { toggleSort } from '../list/paging';
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
        tiers: [],
        rfm_segments: [],
        product_stages: [],
        frequency_bands: [],
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

  it('sorts dates and amounts newest or largest first, other columns ascending', () => {
    expect(toggleSort({ sort: 'name', descending: false }, 'name', descendingFirst)).toEqual({ sort: 'name', descending: true });
    expect(toggleSort({ sort: 'name', descending: true }, 'code', descendingFirst)).toEqual({ sort: 'code', descending: false });
    expect(toggleSort({ sort: 'name', descending: false }, 'updated_at', descendingFirst)).toEqual({ sort: 'updated_at', descending: true });
    expect(descendingFirst('credit_limit')).toBe(true);
  });
});
