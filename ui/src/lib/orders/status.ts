// Sales-order statuses: which actions the order page offers in each, and badge tones. Mirrors the
// state machine in chainbook-core (order.rs, apply_order_action): draft → confirmed → picking →
// shipped → delivered → closed; cancel before anything ships; ship again while goods are left
// (back-orders); returns once delivered (also after closing: goods can come back later).
import type { Order } from '../bindings';
import { isPositive } from './money';

export const ORDER_STATUSES = ['draft', 'confirmed', 'picking', 'shipped', 'delivered', 'closed', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export function isOrderStatus(value: string): value is OrderStatus {
  return (ORDER_STATUSES as readonly string[]).includes(value);
}

/** What the order page offers, in button order. */
export type OrderAction = 'edit' | 'confirm' | 'start_picking' | 'ship' | 'deliver' | 'return' | 'close' | 'cancel';

/**
 * The actions for a status. `unshipped`: some quantity is still to ship (a shipped order offers
 * "Ship remainder" only then).
 */
export function orderActions(status: string, unshipped: boolean): OrderAction[] {
  switch (status) {
    case 'draft':
      return ['edit', 'confirm', 'cancel'];
    case 'confirmed':
      return ['start_picking', 'ship', 'cancel'];
    case 'picking':
      return ['ship', 'cancel'];
    case 'shipped':
      return unshipped ? ['ship', 'deliver'] : ['deliver'];
    case 'delivered':
      return ['return', 'close'];
    case 'closed':
      return ['return'];
    default:
      // cancelled, or a status this UI does not know
      return [];
  }
}

/** Whether any line still has something to ship. */
export function hasUnshipped(order: Pick<Order, 'lines'>): boolean {
  return order.lines.some((l) => isPositive(l.unshipped));
}

/** Whether any line has shipped goods not yet returned. */
export function hasReturnable(order: Pick<Order, 'lines'>): boolean {
  return order.lines.some((l) => returnableOf(l) !== null);
}

/** shipped − returned of a line, as a decimal string, or null when nothing can come back. */
export function returnableOf(line: { shipped: string; returned: string }): string | null {
  // Quantities have at most 3 decimals: thousandths as integers keep this exact.
  const milli = (s: string): bigint | null => {
    const m = /^(\d+)(?:\.(\d{1,3}))?$/.exec(s.trim());
    return m ? BigInt(m[1] ?? '0') * 1000n + BigInt((m[2] ?? '').padEnd(3, '0')) : null;
  };
  const shipped = milli(line.shipped);
  const returned = milli(line.returned);
  if (shipped === null || returned === null || shipped <= returned) return null;
  const left = shipped - returned;
  const int = left / 1000n;
  const frac = (left % 1000n).toString().padStart(3, '0').replace(/0+$/, '');
  return frac === '' ? int.toString() : `${int}.${frac}`;
}

export function orderActionsFor(order: Pick<Order, 'status' | 'lines'>): OrderAction[] {
  const actions = orderActions(order.status, hasUnshipped(order));
  return hasReturnable(order) ? actions : actions.filter((a) => a !== 'return');
}

/** The badge colour of a status. */
export function orderStatusTone(status: string): 'neutral' | 'accent' | 'warning' | 'success' | 'danger' {
  switch (status) {
    case 'confirmed':
    case 'picking':
      return 'accent';
    case 'shipped':
      return 'warning';
    case 'delivered':
    case 'closed':
      return 'success';
    case 'cancelled':
      return 'danger';
    default:
      return 'neutral';
  }
}
