// The order list's filters and the query they make.
import type { OrderListQuery } from '../bindings';
import type { PickedCustomer } from './form';
import { isOrderStatus } from './status';

export const PAGE_SIZE = 50;

export type OrderFilters = {
  /** One status, or "" for all. */
  status: string;
  lateOnly: boolean;
  /** YYYY-MM-DD or "" (inclusive). */
  from: string;
  to: string;
  customer: PickedCustomer | null;
  /** Orders first delivered in these days after their promise (the dashboard's on-time drill-down), or null. */
  deliveredLate: { from: string; to: string } | null;
};

export function emptyFilters(): OrderFilters {
  return { status: '', lateOnly: false, from: '', to: '', customer: null, deliveredLate: null };
}

/** How many filters are set (for "clear filters"). */
export function activeFilterCount(f: OrderFilters): number {
  return [f.status !== '', f.lateOnly, f.from.trim() !== '', f.to.trim() !== '', f.customer !== null, f.deliveredLate !== null].filter(Boolean)
    .length;
}

export function buildOrderQuery(f: OrderFilters, page: number, today: string): OrderListQuery {
  const date = (s: string): string | null => (/^\d{4}-\d{2}-\d{2}$/.test(s.trim()) ? s.trim() : null);
  return {
    page,
    page_size: PAGE_SIZE,
    status: isOrderStatus(f.status) ? f.status : null,
    customer_id: f.customer?.id ?? null,
    from: date(f.from),
    to: date(f.to),
    late_only: f.lateOnly,
    delivered_late_from: f.deliveredLate ? date(f.deliveredLate.from) : null,
    delivered_late_to: f.deliveredLate ? date(f.deliveredLate.to) : null,
    today,
  };
}

