// Product list state that outlives the list view, so coming back from a product page or the
// form keeps search, filters, sort and page.
import type { Product, ProductListQuery, ProductSort } from '../bindings';
import { todayString } from '../followups';

export const PAGE_SIZE = 50;

export type ProductListState = {
  search: string;
  category: string;
  includeInactive: boolean;
  sort: ProductSort;
  descending: boolean;
  page: number;
};

export function initialListState(): ProductListState {
  return { search: '', category: '', includeInactive: false, sort: 'sku', descending: false, page: 0 };
}

export const productListState = $state<ProductListState>(initialListState());

/** The list's query; `today` (the user's date) dates the classes shown. */
export function buildProductQuery(s: ProductListState, pageSize = PAGE_SIZE, today = todayString()): ProductListQuery {
  const search = s.search.trim();
  return {
    page: s.page,
    page_size: pageSize,
    sort: s.sort,
    descending: s.descending,
    search: search === '' ? null : search,
    category: s.category === '' ? null : s.category,
    include_inactive: s.includeInactive,
    today,
  };
}

/** How the on-hand figure is flagged: negative first (allowed but wrong), then below safety stock. */
export type StockFlag = 'negative' | 'low' | null;

export function stockFlag(p: Pick<Product, 'negative_stock' | 'below_safety_stock'>): StockFlag {
  if (p.negative_stock) return 'negative';
  if (p.below_safety_stock) return 'low';
  return null;
}
