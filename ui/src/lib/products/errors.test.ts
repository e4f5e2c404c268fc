import { describe, expect, it } from 'vitest';
import { catalogs, LOCALES } from '../i18n/core';
import { movementErrorMessage, movementLabelKey, productLabelKey, scopedErrorMessage } from './errors';
import { PRODUCT_FIELDS, STAGES } from './form';
import { HISTORY_KINDS, MOVEMENT_FIELDS } from './movement';
import { countStatusKey, movementKindKey, stageKey } from './labels';

describe('product error messages', () => {
  it('label the field with the product form label', () => {
    expect(scopedErrorMessage('en', { code: 'too_many_decimals', field: 'price' }, productLabelKey('price'))).toBe(
      'Price has too many decimal places.',
    );
    expect(scopedErrorMessage('zh-CN', { code: 'too_many_decimals', field: 'price' }, productLabelKey('price'))).toBe(
      '售价的小数位数过多。',
    );
    expect(scopedErrorMessage('en', { code: 'required', field: 'unit' }, productLabelKey('unit'))).toBe('Unit is required.');
  });

  it('explain a taken SKU, and fall back to "This field" for unknown fields', () => {
    expect(scopedErrorMessage('en', { code: 'conflict', field: 'sku' }, productLabelKey('sku'))).toBe(
      'Another product already has this SKU.',
    );
    expect(scopedErrorMessage('zh-CN', { code: 'conflict', field: 'sku' }, null)).toBe('已有其他产品使用此 SKU。');
    expect(scopedErrorMessage('en', { code: 'required', field: 'mystery' }, productLabelKey('mystery'))).toBe(
      'This field is required.',
    );
    expect(scopedErrorMessage('en', { code: 'out_of_range', field: 'quantity' }, movementLabelKey('quantity'))).toBe(
      'Quantity is out of range.',
    );
  });

  it('say what to type when a movement quantity is zero', () => {
    const zero = { code: 'out_of_range', field: 'quantity' } as const;
    expect(movementErrorMessage('zh-CN', zero, 'receipt')).toBe('请输入大于零的数量。');
    expect(movementErrorMessage('en', zero, 'shipment')).toBe('Enter a quantity above zero.');
    expect(movementErrorMessage('zh-CN', zero, 'adjustment')).toContain('不能为零');
    expect(movementErrorMessage('en', { code: 'too_long', field: 'reason', limit: 500 }, 'receipt')).toBe(
      'Reason is too long: at most 500 characters.',
    );
  });
});

describe('product labels', () => {
  it('exist in both languages', () => {
    const keys = [
      ...PRODUCT_FIELDS.map((f) => productLabelKey(f)),
      ...MOVEMENT_FIELDS.map((f) => movementLabelKey(f)),
      ...STAGES.map((s) => stageKey(s)),
      ...HISTORY_KINDS.map((k) => movementKindKey(k)),
      ...(['open', 'posted', 'cancelled'] as const).map((s) => countStatusKey(s)),
    ];
    for (const key of keys) {
      expect(key).not.toBeNull();
      for (const locale of LOCALES) expect(catalogs[locale][key!], `${locale}: ${key}`).toBeTruthy();
    }
    expect(stageKey('dying')).toBeNull();
    expect(movementKindKey('teleport')).toBeNull();
  });

  it('use the glossary terms', () => {
    expect(catalogs['zh-CN']['product.field.safety_stock']).toBe('安全库存');
    expect(catalogs['zh-CN']['product.field.reorder_point']).toBe('再订货点');
    expect(catalogs['zh-CN']['count.tab']).toBe('盘点');
    expect(catalogs.en['count.tab']).toBe('Stock counts');
  });
});
