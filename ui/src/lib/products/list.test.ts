import { describe, expect, it } from 'vitest';
import { buildProductQuery, initialListState, stockFlag } from './list.svelte';

describe('product list', () => {
  it('builds the query: trimmed search, empty category means all', () => {
    expect(buildProductQuery(initialListState(), 50, '2026-12-07')).toEqual({
      page: 0,
      page_size: 50,
      sort: 'sku',
      descending: false,
      search: null,
      category: null,
      include_inactive: false,
      today: '2026-12-07',
    });
    const q = buildProductQuery({ ...initialListState(), search: ' m8 ', category: '紧固件', includeInactive: true, page: 2 });
    expect(q).toMatchObject({ search: 'm8', category: '紧固件', include_inactive: true, page: 2 });
  });

  it('flags negative stock before low stock', () => {
    expect(stockFlag({ negative_stock: true, below_safety_stock: true })).toBe('negative');
    expect(stockFlag({ negative_stock: false, below_safety_stock: true })).toBe('low');
    expect(stockFlag({ negative_stock: false, below_safety_stock: false })).toBeNull();
  });
});
