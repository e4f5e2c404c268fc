import { describe, expect, it } from 'vitest';
import { leafField, orderErrorKey, orderErrorMessage, parseRowPath } from './errors';

describe('order errors', () => {
  it('find the field of a row error', () => {
    expect(parseRowPath('lines.2.quantity', 3)).toEqual({ index: 2, field: 'quantity' });
    expect(parseRowPath('lines.3.quantity', 3)).toBeNull();
    expect(parseRowPath('currency', 3)).toEqual({ index: null, field: 'currency' });
    expect(parseRowPath('contacts.0.phone', 3)).toBeNull();
    expect(parseRowPath(null, 3)).toBeNull();
    expect(leafField('lines.0.unit_price')).toBe('unit_price');
  });

  it('use the generic message when nothing more specific exists', () => {
    expect(orderErrorKey('form', { code: 'storage', field: null })).toBe('error.storage');
    expect(orderErrorKey('confirm', { code: 'stock_short', field: 'lines' })).toBe('error.stock_short');
  });

  it('name the field in the message, in both languages', () => {
    const en = orderErrorMessage('en', 'form', { code: 'invalid_decimal', field: 'lines.0.unit_price' });
    expect(en).toContain('Unit price');
    const zh = orderErrorMessage('zh-CN', 'form', { code: 'invalid_decimal', field: 'lines.0.unit_price' });
    expect(zh).toContain('单价');
  });

  it('say what is wrong with quantities and rates', () => {
    expect(orderErrorMessage('en', 'form', { code: 'out_of_range', field: 'lines.1.quantity' })).toMatch(/more than zero/);
    expect(orderErrorMessage('en', 'form', { code: 'out_of_range', field: 'lines.1.discount_pct' })).toMatch(/0% and 100%/);
    expect(orderErrorMessage('en', 'ship', { code: 'out_of_range', field: 'lines.0.quantity' })).toMatch(/left to ship/);
    expect(orderErrorMessage('en', 'return', { code: 'over_return', field: 'lines.0.quantity' })).toMatch(/shipped/);
  });
});
