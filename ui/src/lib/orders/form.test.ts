import { describe, expect, it } from 'vitest';
import type { Order } from '../bindings';
import {
  draftFromOrder,
  effectiveCurrency,
  emptyLine,
  emptyOrderDraft,
  isBlankLine,
  linesWithoutProduct,
  orderInputFromDraft,
  pickProduct,
  type PickedProduct,
} from './form';

const widget: PickedProduct = { id: 'p1', sku: 'W-1', name: 'Widget', unit: 'pcs', price: '12.80', currency: 'CNY' };
const gadget: PickedProduct = { id: 'p2', sku: 'G-1', name: 'Gadget', unit: 'pcs', price: '5.00', currency: 'CNY' };
const dollar: PickedProduct = { id: 'p3', sku: 'D-1', name: 'Import', unit: 'pcs', price: '3.50', currency: 'USD' };

const order: Order = {
  id: 'o1',
  number: 'SO-2611-A3F-00042',
  customer_id: 'c1',
  customer_name: '深圳示例贸易',
  status: 'draft',
  currency: 'CNY',
  channel: 'direct',
  payment_method: 'bank_transfer',
  ordered_on: '2026-11-20',
  promised_on: '2026-11-30',
  notes: 'Call first',
  credit_override: false,
  backorder: false,
  created_at: '2026-11-20T01:00:00Z',
  late: false,
  lines: [
    {
      id: 'l1',
      product_id: 'p1',
      sku: 'W-1',
      name: 'Widget',
      unit: 'pcs',
      quantity: '2.345',
      unit_price: '12.80',
      discount_pct: '0',
      tax_rate_pct: '13',
      net: '30.02',
      tax: '3.90',
      gross: '33.92',
      shipped: '0',
      returned: '0',
      unshipped: '2.345',
    },
  ],
  net: '30.02',
  tax: '3.90',
  gross: '33.92',
  history: [],
  shipments: [],
  returns: [],
};

describe('order form ↔ OrderInput', () => {
  it('a new draft has one empty line', () => {
    const d = emptyOrderDraft();
    expect(d.customer).toBeNull();
    expect(d.lines).toHaveLength(1);
    expect(isBlankLine(d.lines[0]!)).toBe(true);
  });

  it('converts a draft, leaving out blank lines and mapping rows', () => {
    const d = emptyOrderDraft();
    d.customer = { id: 'c1', code: 'C-1', name: 'Acme' };
    d.currency = ' usd ';
    d.promised_on = '2026-12-01';
    d.notes = '  deliver to gate 3 ';
    d.lines = [
      emptyLine(),
      { ...emptyLine(), product: widget, quantity: ' 2 ', unit_price: '12.80', discount_pct: '5', tax_rate_pct: '13' },
      emptyLine(),
      { ...emptyLine(), product: gadget, quantity: '1', unit_price: '', tax_rate_pct: '' },
    ];
    const { input, rows } = orderInputFromDraft(d);
    expect(rows).toEqual([1, 3]);
    expect(input).toEqual({
      customer_id: 'c1',
      currency: 'USD',
      channel: '',
      payment_method: '',
      ordered_on: '',
      promised_on: '2026-12-01',
      notes: 'deliver to gate 3',
      lines: [
        { id: null, product_id: 'p1', quantity: '2', unit_price: '12.80', discount_pct: '5', tax_rate_pct: '13' },
        { id: null, product_id: 'p2', quantity: '1', unit_price: '', discount_pct: '', tax_rate_pct: '' },
      ],
    });
  });

  it('round-trips a saved draft order, keeping line ids', () => {
    const d = draftFromOrder(order);
    expect(d.customer).toEqual({ id: 'c1', code: '', name: '深圳示例贸易' });
    expect(d.promised_on).toBe('2026-11-30');
    expect(d.lines[0]!.product?.sku).toBe('W-1');
    // a zero discount shows as blank
    expect(d.lines[0]!.discount_pct).toBe('');
    const { input } = orderInputFromDraft(d);
    expect(input).toEqual({
      customer_id: 'c1',
      currency: 'CNY',
      channel: 'direct',
      payment_method: 'bank_transfer',
      ordered_on: '2026-11-20',
      promised_on: '2026-11-30',
      notes: 'Call first',
      lines: [{ id: 'l1', product_id: 'p1', quantity: '2.345', unit_price: '12.80', discount_pct: '', tax_rate_pct: '13' }],
    });
  });

  it('a missing promised date becomes blank', () => {
    expect(draftFromOrder({ ...order, promised_on: null }).promised_on).toBe('');
  });

  it('finds lines with input but no product', () => {
    const lines = [emptyLine(), { ...emptyLine(), quantity: '3' }, { ...emptyLine(), product: widget }];
    expect(linesWithoutProduct(lines)).toEqual([1]);
  });
});

describe('currency and defaults', () => {
  it('blank currency means the customer’s, then CNY', () => {
    expect(effectiveCurrency('', 'USD')).toBe('USD');
    expect(effectiveCurrency(' jpy ', 'USD')).toBe('JPY');
    expect(effectiveCurrency('', null)).toBe('CNY');
  });

  it('picking a product fills price and tax rate unless typed', () => {
    const picked = pickProduct(emptyLine(), widget, 'CNY', '13');
    expect(picked).toMatchObject({ product: widget, unit_price: '12.80', tax_rate_pct: '13' });
    // another product replaces a price that was only the previous default
    expect(pickProduct(picked, gadget, 'CNY', '13')).toMatchObject({ unit_price: '5.00', tax_rate_pct: '13' });
    // a price and a rate the user typed stay
    expect(pickProduct({ ...picked, unit_price: '11.00', tax_rate_pct: '9' }, gadget, 'CNY', '13')).toMatchObject({
      unit_price: '11.00',
      tax_rate_pct: '9',
    });
    // a price in another currency is not taken over
    expect(pickProduct(emptyLine(), dollar, 'CNY', '13')).toMatchObject({ unit_price: '', tax_rate_pct: '13' });
    expect(pickProduct(emptyLine(), dollar, 'USD', '')).toMatchObject({ unit_price: '3.50', tax_rate_pct: '' });
    // clearing the pick keeps what was typed
    expect(pickProduct(picked, null, 'CNY', '13')).toMatchObject({ product: null, unit_price: '12.80' });
  });
});
