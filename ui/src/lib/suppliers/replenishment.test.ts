import { describe, expect, it } from 'vitest';
import type { ProductPlan, SupplierSuggestions } from '../bindings';
import {
  canCreate,
  classLabel,
  groupState,
  initialSelection,
  quantityValid,
  reasoningParams,
  selectGroup,
  selectedLines,
} from './replenishment';

function line(id: string, supplier: string | null, quantity = '36'): ProductPlan {
  return {
    product_id: id,
    sku: id.toUpperCase(),
    name: `产品 ${id}`,
    unit: '件',
    abc: 'a',
    xyz: 'x',
    count_frequency: 'monthly',
    cv: 0.2,
    consumption_value: '100.00',
    currency: 'CNY',
    on_hand: '10',
    reserved: '0',
    available: '10',
    on_order: '5',
    backorders: '3',
    lead_time_days: 9,
    review_days: 7,
    service_level_pct: 95,
    z: 1.6448536,
    history_days: 90,
    mean_daily: 2,
    sd_daily: 3,
    computed_safety_stock: '14.804',
    safety_stock: '14.804',
    safety_stock_manual: false,
    computed_reorder_point: '32.804',
    reorder_point: '32.804',
    reorder_point_manual: false,
    horizon_days: 16,
    horizon_demand: '32',
    horizon_from_forecast: false,
    position: '12',
    need: '34.804',
    pack_size: '12',
    min_order_qty: '24',
    quantity,
    below_reorder_point: true,
    supplier_id: supplier,
    supplier_name: supplier ? `供应商 ${supplier}` : null,
    supplier_price: supplier ? '0.80' : null,
    supplier_currency: supplier ? 'CNY' : null,
  };
}

const groups = (): SupplierSuggestions[] => [
  { supplier_id: 's1', supplier_name: '供应商 s1', lines: [line('p1', 's1'), line('p2', 's1', '12'), line('p3', 's1')] },
  { supplier_id: null, supplier_name: '', lines: [line('p4', null)] },
];

describe('replenishment selection', () => {
  it('starts with nothing selected and the suggested quantities', () => {
    const sel = initialSelection(groups());
    expect(sel['p2']).toEqual({ selected: false, quantity: '12' });
    expect(selectedLines(groups(), sel)).toEqual([]);
    expect(canCreate(groups(), sel)).toBe(false);
  });

  it('selects a group, sends the lines in page order, skips lines without a supplier', () => {
    const g = groups();
    const sel = initialSelection(g);
    selectGroup(g[0]!, sel, true);
    selectGroup(g[1]!, sel, true);
    sel['p4']!.selected = true;
    expect(groupState(g[0]!, sel)).toBe('all');
    sel['p2']!.selected = false;
    expect(groupState(g[0]!, sel)).toBe('some');
    sel['p3']!.quantity = ' 40 ';
    expect(selectedLines(g, sel)).toEqual([
      { product_id: 'p1', quantity: '36' },
      { product_id: 'p3', quantity: '40' },
    ]);
    expect(canCreate(g, sel)).toBe(true);
  });

  it('refuses quantities that are not positive thousandths', () => {
    expect(quantityValid('12')).toBe(true);
    expect(quantityValid('0.125')).toBe(true);
    expect(quantityValid('0')).toBe(false);
    expect(quantityValid('-3')).toBe(false);
    expect(quantityValid('1.2345')).toBe(false);
    expect(quantityValid('abc')).toBe(false);
    const g = groups();
    const sel = initialSelection(g);
    sel['p1']!.selected = true;
    sel['p1']!.quantity = '0';
    expect(canCreate(g, sel)).toBe(false);
  });
});

describe('replenishment reasoning', () => {
  it('formats the numbers of the formula', () => {
    const p = reasoningParams(line('p1', 's1'), 'en');
    expect(p).toMatchObject({
      z: '1.645',
      sd: '3.00',
      mean: '2.00',
      lead: '9',
      horizon: '16',
      ss: '14.804',
      rop: '32.804',
      demand: '32',
      need: '34.804',
      pack: '12',
      moq: '24',
      qty: '36',
      level: '95.0',
    });
    expect(classLabel(line('p1', 's1'))).toBe('AX');
  });
});
