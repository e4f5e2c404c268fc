// The order list's filters and the query they make.
import type { DeliveryShortfall, OrderListQuery } from '../bindings';
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
  /** Orders first delivered in these days that fell short (late, inaccurate, not perfect): the dashboard's delivery drill-downs; or null. */
  delivered: { from: string; to: string; shortfall: DeliveryShortfall } | null;
  /** Orders first shipped in these days, slowest processing first: the dashboard's processing-time drill-down; or null. */
  shipped: { from: string; to: string } | null;
};

export function emptyFilters(): OrderFilters {
  return { status: '', lateOnly: false, from: '', to: '', customer: null, delivered: null, shipped: null };
}

/** How many filters are set (for "clear filters"). */
export function activeFilterCount(f: OrderFilters): number {
  return [f.status !== '', f.lateOnly, f.from.trim() !== '', f.to.trim() !== '', f.customer !== null, f.delivered !== null, f.shipped !== null].filter(Boolean)
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
    delivered_from: f.delivered ? date(f.delivered.from) : null,
    delivered_to: f.delivered ? date(f.delivered.to) : null,
    delivered_shortfall: f.delivered?.shortfall ?? null,
    shipped_from: f.shipped ? date(f.shipped.from) : null,
    shipped_to: f.shipped ? date(f.shipped.to) : null,
    today,
  };
}

