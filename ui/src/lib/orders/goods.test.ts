import { describe, expect, it } from 'vitest';
import type { OrderLine } from '../bindings';
import { qtyLines, returnable, returnDraft, returnInput, shipDraft, shipmentInput } from './goods';

const line = (id: string, over: Partial<OrderLine>): OrderLine => ({
  id,
  product_id: 'p',
  sku: 'S',
  name: 'N',
  unit: 'pcs',
  quantity: '10',
  unit_price: '1.00',
  discount_pct: '0',
  tax_rate_pct: '0',
  net: '10.00',
  tax: '0.00',
  gross: '10.00',
  shipped: '0',
  returned: '0',
  unshipped: '10',
  ...over,
});

const order = {
  lines: [line('a', { shipped: '10', unshipped: '0' }), line('b', { shipped: '4', unshipped: '6', returned: '1' }), line('c', {})],
};

describe('ship dialog', () => {
  it('prefills what is left to ship', () => {
    expect(shipDraft(order, '2026-11-23')).toEqual({ shipped_on: '2026-11-23', carrier: '', tracking: '', quantities: ['', '6', '10'] });
  });

  it('sends the lines with a quantity and maps rows', () => {
    const d = { shipped_on: '2026-11-23', carrier: ' SF Express ', tracking: ' SF123 ', quantities: ['', '0', '4'] };
    expect(shipmentInput(order, d)).toEqual({
      input: { shipped_on: '2026-11-23', carrier: 'SF Express', tracking: 'SF123', lines: [{ line_id: 'c', quantity: '4' }] },
      rows: [2],
    });
  });
});

describe('return dialog', () => {
  it('starts empty and knows what can come back', () => {
    expect(returnDraft(order, '2026-11-23')).toEqual({ returned_on: '2026-11-23', reason: 'damaged', note: '', quantities: ['', '', ''] });
    expect(returnable(order)).toEqual(['10', '3', null]);
  });

  it('sends the reason, note and quantities', () => {
    const d = { returned_on: '2026-11-24', reason: 'quality' as const, note: ' scratched ', quantities: ['2', '', ''] };
    expect(returnInput(order, d)).toEqual({
      input: { returned_on: '2026-11-24', reason: 'quality', note: 'scratched', lines: [{ line_id: 'a', quantity: '2' }] },
      rows: [0],
    });
  });

  it('passes text that is not a number on to the backend to refuse', () => {
    expect(qtyLines(order, ['abc', '', ''])).toEqual({ lines: [{ line_id: 'a', quantity: 'abc' }], rows: [0] });
  });
});
