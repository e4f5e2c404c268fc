import { describe, expect, it } from 'vitest';
import { dateTimeFormat, displayNames, keptFormatters, numberFormat } from './intl';
import { formatMoney } from './format';

describe('kept Intl formatters', () => {
  it('makes one formatter per locale and options, and formats as a new one would', () => {
    const a = numberFormat('zh-CN', { maximumFractionDigits: 2 });
    expect(numberFormat('zh-CN', { maximumFractionDigits: 2 })).toBe(a);
    expect(numberFormat('en-US', { maximumFractionDigits: 2 })).not.toBe(a);
    expect(numberFormat('zh-CN', { maximumFractionDigits: 3 })).not.toBe(a);
    expect(a.format(1234.567)).toBe(new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 }).format(1234.567));
    const d = dateTimeFormat('en-US', { dateStyle: 'medium' });
    expect(dateTimeFormat('en-US', { dateStyle: 'medium' })).toBe(d);
    expect(displayNames('en-US', { type: 'region' }).of('CN')).toBe('China');
  });

  it('does not grow while a page of cells is formatted again', () => {
    formatMoney('12.5', 'CNY', 'en');
    const before = keptFormatters();
    for (let i = 0; i < 200; i++) formatMoney(`${i}.5`, 'CNY', 'en');
    expect(keptFormatters()).toBe(before);
  });

  it('keeps nothing for options the constructor refuses', () => {
    const before = keptFormatters();
    expect(() => numberFormat('en-US', { style: 'currency', currency: 'C1Y' })).toThrow(RangeError);
    expect(keptFormatters()).toBe(before);
    expect(formatMoney('5', 'C1Y', 'en')).toBe('5 C1Y');
  });
});
