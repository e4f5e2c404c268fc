import { describe, expect, it } from 'vitest';
import type { OrderLine } from '../bindings';
import { hasUnshipped, orderActions, orderActionsFor, orderStatusTone, ORDER_STATUSES, returnableOf } from './status';

const line = (over: Partial<OrderLine>): OrderLine => ({
  id: 'l1',
  product_id: 'p1',
  sku: 'SKU-1',
  name: 'Widget',
  unit: 'pcs',
  quantity: '10',
  unit_price: '1.00',
  discount_pct: '0',
  tax_rate_pct: '13',
  net: '10.00',
  tax: '1.30',
  gross: '11.30',
  shipped: '0',
  returned: '0',
  unshipped: '10',
  ...over,
});

describe('actions offered per status', () => {
  it('follow the state machine', () => {
    expect(orderActions('draft', true)).toEqual(['edit', 'confirm', 'cancel']);
    expect(orderActions('confirmed', true)).toEqual(['start_picking', 'ship', 'cancel']);
    expect(orderActions('picking', true)).toEqual(['ship', 'cancel']);
    expect(orderActions('shipped', true)).toEqual(['ship', 'deliver']);
    expect(orderActions('shipped', false)).toEqual(['deliver']);
    expect(orderActions('delivered', false)).toEqual(['return', 'close']);
    expect(orderActions('closed', false)).toEqual(['return']);
    expect(orderActions('cancelled', false)).toEqual([]);
    expect(orderActions('archived', true)).toEqual([]);
  });

  it('never offer cancel once goods have shipped, nor edit after the draft', () => {
    for (const s of ORDER_STATUSES) {
      const actions = orderActions(s, true);
      if (['shipped', 'delivered', 'closed', 'cancelled'].includes(s)) expect(actions, s).not.toContain('cancel');
      if (s !== 'draft') expect(actions, s).not.toContain('edit');
    }
  });

  it('offer returns only while something shipped is not back yet', () => {
    const delivered = { status: 'delivered' as const, lines: [line({ shipped: '10', unshipped: '0', returned: '0' })] };
    expect(orderActionsFor(delivered)).toEqual(['return', 'close']);
    const allBack = { status: 'delivered' as const, lines: [line({ shipped: '10', unshipped: '0', returned: '10' })] };
    expect(orderActionsFor(allBack)).toEqual(['close']);
    const shippedPart = { status: 'shipped' as const, lines: [line({ shipped: '4', unshipped: '6' })] };
    expect(orderActionsFor(shippedPart)).toEqual(['ship', 'deliver']);
  });

  it('know what is left to ship and to return', () => {
    expect(hasUnshipped({ lines: [line({ unshipped: '0' }), line({ unshipped: '0.5' })] })).toBe(true);
    expect(hasUnshipped({ lines: [line({ unshipped: '0' })] })).toBe(false);
    expect(returnableOf({ shipped: '10', returned: '2.5' })).toBe('7.5');
    expect(returnableOf({ shipped: '1.001', returned: '0' })).toBe('1.001');
    expect(returnableOf({ shipped: '3', returned: '3' })).toBeNull();
    expect(returnableOf({ shipped: '0', returned: '0' })).toBeNull();
  });

  it('colour the badges', () => {
    expect(orderStatusTone('draft')).toBe('neutral');
    expect(orderStatusTone('confirmed')).toBe('accent');
    expect(orderStatusTone('shipped')).toBe('warning');
    expect(orderStatusTone('closed')).toBe('success');
    expect(orderStatusTone('cancelled')).toBe('danger');
  });
});
