// List state of the suppliers and purchasing sections that outlives their views, so coming back
// from a record page keeps the search, filters, page and tab.
import type { PoListQuery, SupplierListQuery } from '../bindings';
import { EXPIRY_WINDOW_DAYS } from './contracts';

export const SUPPLIER_PAGE_SIZE = 50;
export const PO_PAGE_SIZE = 50;

export const supplierListState = $state({
  tab: 'suppliers' as 'suppliers' | 'reminders' | 'scorecards',
  search: '',
  status: '' as '' | 'approved' | 'probation' | 'blocked',
  kind: '' as '' | 'goods' | 'logistics' | 'service',
  page: 0,
  /** How many days ahead the contract reminders look. */
  days: EXPIRY_WINDOW_DAYS,
});

export const poListState = $state({
  status: '' as string,
  openOnly: false,
  page: 0,
});

export function supplierQuery(s: { search: string; status: string; kind: string; page: number }): SupplierListQuery {
  const search = s.search.trim();
  return {
    page: s.page,
    page_size: SUPPLIER_PAGE_SIZE,
    search: search === '' ? null : search,
    status: s.status === '' ? null : s.status,
    kind: s.kind === '' ? null : s.kind,
  };
}

export function poQuery(s: { status: string; openOnly: boolean; page: number }, supplierId: string | null = null): PoListQuery {
  return {
    page: s.page,
    page_size: PO_PAGE_SIZE,
    status: s.status === '' ? null : s.status,
    supplier_id: supplierId,
    open_only: s.openOnly,
  };
}
