import { describe, expect, it } from 'vitest';
import type { Product } from '../bindings';
import { controlId, draftFromProduct, emptyDraft, inputFromDraft, isProductField, PRODUCT_FIELDS } from './form';

const product: Product = {
  id: '0190a',
  sku: 'AB-100',
  name: '不锈钢螺栓 M8',
  unit: '件',
  category: '紧固件',
  currency: 'CNY',
  price: '1.25',
  cost: '0.8',
  stage: 'mature',
  pack_size: '100',
  min_order_qty: '0',
  lead_time_days: 0,
  safety_stock: '2000',
  reorder_point: '3500.5',
  active: true,
  on_hand: '38',
  negative_stock: false,
  below_safety_stock: true,
  reserved: '0',
  available: '0',
  on_order: '0',
  abc: null,
  xyz: null,
  count_frequency: null,
};

describe('product form', () => {
  it('starts with CNY, stage new, pack size 1 and active', () => {
    const d = emptyDraft();
    expect(d.currency).toBe('CNY');
    expect(d.stage).toBe('new');
    expect(d.pack_size).toBe('1');
    expect(d.active).toBe(true);
  });

  it('sends every field, trimmed, SKU and currency upper-cased', () => {
    const input = inputFromDraft({
      ...emptyDraft(),
      sku: ' ab-100 ',
      name: ' 螺栓 ',
      unit: '件',
      currency: ' usd ',
      price: ' 1.25',
      lead_time_days: ' 14 ',
      active: false,
    });
    expect(input).toEqual({
      sku: 'AB-100',
      name: '螺栓',
      unit: '件',
      category: '',
      currency: 'USD',
      price: '1.25',
      cost: '',
      stage: 'new',
      pack_size: '1',
      min_order_qty: '',
      lead_time_days: '14',
      safety_stock: '',
      reorder_point: '',
      active: false,
    });
    expect(Object.keys(input).sort()).toEqual([...PRODUCT_FIELDS].sort());
  });

  it('defaults an empty currency to CNY', () => {
    expect(inputFromDraft({ ...emptyDraft(), currency: '  ' }).currency).toBe('CNY');
  });

  it('loads a product, showing zero MOQ and lead time as empty', () => {
    const d = draftFromProduct(product);
    expect(d.min_order_qty).toBe('');
    expect(d.lead_time_days).toBe('');
    expect(d.safety_stock).toBe('2000');
    expect(d.reorder_point).toBe('3500.5');
    expect(d.stage).toBe('mature');
    expect(draftFromProduct({ ...product, lead_time_days: 14, stage: 'odd' })).toMatchObject({ lead_time_days: '14', stage: 'new' });
  });

  it('round-trips a product to the same input', () => {
    const d = draftFromProduct({ ...product, min_order_qty: '500', lead_time_days: 7 });
    const input = inputFromDraft(d);
    expect(input.sku).toBe('AB-100');
    expect(input.min_order_qty).toBe('500');
    expect(input.lead_time_days).toBe('7');
    expect(input.price).toBe('1.25');
  });

  it('knows which error fields it has', () => {
    expect(isProductField('price')).toBe(true);
    expect(isProductField('active')).toBe(true);
    expect(isProductField('contacts.0.name')).toBe(false);
    expect(isProductField(null)).toBe(false);
    expect(controlId('pack_size')).toBe('pf-pack_size');
  });
});
