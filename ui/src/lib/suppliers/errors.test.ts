import { describe, expect, it } from 'vitest';
import { parseRowPath, scopedErrorMessage, scopedFieldKey } from './errors';

describe('supply-side error messages', () => {
  it('label row fields from their scope', () => {
    expect(scopedFieldKey('po', 'lines.0.quantity')).toBe('po.field.quantity');
    expect(scopedFieldKey('supplier', 'categories')).toBe('supplier.field.categories');
    expect(scopedFieldKey('supplier', 'contacts.1.phone')).toBe('field.contacts.phone');
    expect(scopedFieldKey('po', null)).toBeNull();
  });

  it('prefer a scope’s own text for a code', () => {
    expect(scopedErrorMessage('en', 'contract', { code: 'date_order', field: 'ends_on' })).toBe('The end date cannot be before the start date.');
    expect(scopedErrorMessage('zh-CN', 'contract', { code: 'date_order', field: 'ends_on' })).toBe('结束日期不能早于开始日期。');
    expect(scopedErrorMessage('en', 'po', { code: 'invalid_transition', field: 'supplier_id' })).toContain('blocked');
    expect(scopedErrorMessage('en', 'po', { code: 'required', field: 'lines.1.expected_on' })).toBe('Expected date is required.');
    expect(scopedErrorMessage('zh-CN', 'po', { code: 'out_of_range', field: 'lines.0.quantity' })).toBe('数量必须大于零。');
    expect(scopedErrorMessage('en', 'receipt', { code: 'over_delivery', field: 'lines.0.received' })).toContain('Confirm over-delivery');
    expect(scopedErrorMessage('en', 'supplier', { code: 'conflict', field: 'code' })).toBe('Another supplier already has this code.');
  });

  it('fall back to the generic texts', () => {
    expect(scopedErrorMessage('en', 'supplier', { code: 'required', field: 'name' })).toBe('Name is required.');
    expect(scopedErrorMessage('en', 'supplier.supply', { code: 'storage', field: null })).toContain('database');
  });

  it('read row paths', () => {
    expect(parseRowPath('lines.2.quantity', 'lines', 3)).toEqual({ index: 2, field: 'quantity' });
    expect(parseRowPath('lines.3.quantity', 'lines', 3)).toBeNull();
    expect(parseRowPath('contacts.0.phone', 'lines', 3)).toBeNull();
    expect(parseRowPath('supplier_id', 'lines', 3)).toEqual({ index: null, field: 'supplier_id' });
    expect(parseRowPath('a.b', 'lines', 3)).toBeNull();
    expect(parseRowPath(null, 'lines', 3)).toBeNull();
  });
});
